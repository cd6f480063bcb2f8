namespace Relay.DeadLetters;

/// <summary>
/// The dead-letter store as operators use it (the <c>/api/v1/dead-letters</c> API): it fans out over the shards
/// (<see cref="IDeadLetterShardGrain"/>) and drives replays through the run grains. Stateless: it holds no entry, and
/// it never keeps a shard busy while it waits on a run grain.
/// </summary>
[Alias("Relay.DeadLetters.IDeadLetterStoreGrain")]
public interface IDeadLetterStoreGrain : IGrainWithIntegerKey
{
    /// <summary>A page of the entries matching the query, newest first, with the total and the next cursor.</summary>
    [Alias("list")]
    Task<DeadLetterPage> ListAsync(DeadLetterQuery query);

    /// <summary>One entry, body included, or null.</summary>
    [Alias("get")]
    Task<DeadLetter?> GetAsync(string id);

    /// <summary>
    /// Replays one entry: marks it replaying, then hands it to its run grain. <c>already_delivered</c> and
    /// <c>superseded</c> remove it at once (nothing is posted); <c>enqueued</c> leaves it replaying until the run grain
    /// reports the delivery. When the hand-over fails the entry goes back to failed and the error is returned.
    /// </summary>
    [Alias("replay")]
    Task<DeadLetterReplay> ReplayAsync(string id);

    /// <summary>
    /// Replays every entry matching <paramref name="filter"/>; entries already replaying are skipped unless
    /// <paramref name="includeReplaying"/>.
    /// </summary>
    [Alias("replay-many")]
    Task<DeadLetterBulkReplay> ReplayManyAsync(DeadLetterFilter filter, bool includeReplaying);

    /// <summary>Deletes one entry (an operator's purge); returns it, or null when absent.</summary>
    [Alias("remove")]
    Task<DeadLetter?> RemoveAsync(string id);

    /// <summary>Deletes every entry matching <paramref name="filter"/>; returns how many.</summary>
    [Alias("purge")]
    Task<int> PurgeAsync(DeadLetterFilter filter);
}

/// <summary>How one replay ended.</summary>
[GenerateSerializer, Alias("Relay.DeadLetters.DeadLetterReplayStatus")]
public enum DeadLetterReplayStatus
{
    /// <summary>Back in the run's outbox; the entry stays replaying until delivered.</summary>
    Enqueued = 0,

    /// <summary>Already delivered: the entry was removed, nothing posted.</summary>
    AlreadyDelivered = 1,

    /// <summary>A newer decision replaced it: the entry was removed, nothing posted.</summary>
    Superseded = 2,

    /// <summary>No entry with that id.</summary>
    NotFound = 3,

    /// <summary>Already replaying and not asked to replay those again.</summary>
    Skipped = 4,

    /// <summary>The run grain could not be reached or refused; the entry is failed again.</summary>
    Failed = 5,
}

/// <summary>The outcome of replaying one entry.</summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterReplay")]
public sealed record DeadLetterReplay
{
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public DeadLetterReplayStatus Status { get; init; }

    /// <summary>The entry as it was handed over (state replaying), when there was one.</summary>
    [Id(2)] public DeadLetter? Letter { get; init; }

    /// <summary>Why the hand-over failed (<see cref="DeadLetterReplayStatus.Failed"/>).</summary>
    [Id(3)] public string? Error { get; init; }

    /// <summary>The lower-case name used in API answers and the <c>relay.outcome</c> metric tag.</summary>
    public static string Tag(DeadLetterReplayStatus status) => status switch
    {
        DeadLetterReplayStatus.Enqueued => "enqueued",
        DeadLetterReplayStatus.AlreadyDelivered => "already_delivered",
        DeadLetterReplayStatus.Superseded => "superseded",
        DeadLetterReplayStatus.NotFound => "not_found",
        DeadLetterReplayStatus.Skipped => "skipped",
        _ => "failed",
    };
}

/// <summary>The outcome of replaying a filtered set.</summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterBulkReplay")]
public sealed record DeadLetterBulkReplay
{
    /// <summary>Entries handed to their run grains (skipped and vanished ones not counted).</summary>
    [Id(0)] public int Replayed { get; init; }

    /// <summary>Count per outcome tag (<see cref="DeadLetterReplay.Tag"/>).</summary>
    [Id(1)] public IReadOnlyDictionary<string, int> Outcomes { get; init; } = new Dictionary<string, int>();

    /// <summary>The first few failures (id and error), so an operator sees why.</summary>
    [Id(2)] public IReadOnlyList<DeadLetterReplay> Failures { get; init; } = [];
}
