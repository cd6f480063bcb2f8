namespace Relay.DeadLetters;

/// <summary>
/// One shard of the cluster-wide dead-letter store (SPEC §6): the index of the entries whose id hashes to this key
/// (<see cref="DeadLetterShards"/>), persisted in grain storage <c>relay</c>. The index holds a small summary per entry;
/// each entry itself is its own record (<see cref="IDeadLetterGrain"/>), written by this shard. Every change is stored
/// before the call returns. The shard calls only its entries' grains, which call nothing, so nothing waiting on it can
/// wait on a cycle.
/// </summary>
[Alias("Relay.DeadLetters.IDeadLetterShardGrain")]
public interface IDeadLetterShardGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Stores <paramref name="letter"/> in state <see cref="DeadLetterStates.Failed"/>. Idempotent by id: a re-add keeps
    /// the entry's replay count; when the entry was replaying (the replay failed again) its attempts add up.
    /// </summary>
    [Alias("add")]
    Task AddAsync(DeadLetter letter);

    /// <summary>The entry with this id, or null.</summary>
    [Alias("get"), Orleans.Concurrency.ReadOnly]
    Task<DeadLetter?> GetAsync(string id);

    /// <summary>This shard's part of a list page: up to the query's limit after its cursor, newest first.</summary>
    [Alias("query"), Orleans.Concurrency.ReadOnly]
    Task<DeadLetterPage> QueryAsync(DeadLetterQuery query);

    /// <summary>Ids of the entries matching <paramref name="filter"/>.</summary>
    [Alias("match"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<string>> MatchAsync(DeadLetterFilter filter);

    /// <summary>
    /// Marks the entry <see cref="DeadLetterStates.Replaying"/> (one more replay, now) and returns it, unless it is
    /// absent or, with <paramref name="includeReplaying"/> false, already replaying. Stored before returning.
    /// </summary>
    [Alias("claim")]
    Task<DeadLetterClaim> ClaimAsync(string id, bool includeReplaying);

    /// <summary>A replay could not be handed over: the entry goes back to <see cref="DeadLetterStates.Failed"/>.</summary>
    [Alias("release")]
    Task ReleaseAsync(string id);

    /// <summary>Removes the entry; returns what was removed, or null when it was absent. Idempotent.</summary>
    [Alias("remove")]
    Task<DeadLetter?> RemoveAsync(string id);

    /// <summary>Removes every entry matching <paramref name="filter"/>; returns how many.</summary>
    [Alias("purge")]
    Task<int> PurgeAsync(DeadLetterFilter filter);

    /// <summary>Like <see cref="QueryAsync"/>, from the index alone: summaries, no entry is read.</summary>
    [Alias("query-index"), Orleans.Concurrency.ReadOnly]
    Task<DeadLetterIndexPage> QueryIndexAsync(DeadLetterQuery query);

    /// <summary>How many entries this shard holds.</summary>
    [Alias("count"), Orleans.Concurrency.ReadOnly]
    Task<int> CountAsync();

    /// <summary>The positions of this shard's <paramref name="count"/> oldest entries, oldest first.</summary>
    [Alias("oldest"), Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<DeadLetterCursor>> OldestAsync(int count);

    /// <summary>Removes the entries with these ids (absent ones are skipped); returns how many were removed.</summary>
    [Alias("remove-many")]
    Task<int> RemoveManyAsync(IReadOnlyList<string> ids);
}

/// <summary>What <see cref="IDeadLetterShardGrain.ClaimAsync"/> found.</summary>
[GenerateSerializer, Alias("Relay.DeadLetters.DeadLetterClaimStatus")]
public enum DeadLetterClaimStatus
{
    Claimed = 0,
    NotFound = 1,
    AlreadyReplaying = 2,
}

/// <summary>The claimed entry (state <see cref="DeadLetterStates.Replaying"/>), or why there is none.</summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterClaim")]
public sealed record DeadLetterClaim([property: Id(0)] DeadLetterClaimStatus Status, [property: Id(1)] DeadLetter? Letter);
