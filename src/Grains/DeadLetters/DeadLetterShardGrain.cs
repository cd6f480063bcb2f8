using Microsoft.Extensions.Logging;
using Relay.DeadLetters;
using Relay.Grains.Actions;
using Relay.Grains.Diagnostics;
using Relay.Grains.Storage;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// One shard of the dead-letter store: an index of summaries by id, written to grain storage before each call returns,
/// while each entry lives in its own record (<see cref="DeadLetterGrain"/>). A change writes the entry's record and,
/// when the summary changed, this index; no other entry is rewritten. Calls are served one at a time, so a
/// read-modify-write never races another, and this shard is the only writer of its entries' records.
/// </summary>
[GrainType("deadlettershard")]
internal sealed partial class DeadLetterShardGrain(
    [PersistentState(RelayStorage.DeadLetterState, RelayStorage.Runs)] IPersistentState<DeadLetterShardGrainState> state,
    IEnumerable<ILegacyEffectReader> legacyReaders,
    TimeProvider timeProvider,
    RelayMetrics metrics,
    ILogger<DeadLetterShardGrain> logger) : Grain, IDeadLetterShardGrain
{
    // Entries read or cleared at once by a page or a purge: each is a grain call and a storage read.
    private const int Parallelism = 32;

    // What this activation has added to relay.dead_letters, so the gauge is right whichever silo holds the shard.
    private long _reported;

    private Dictionary<string, DeadLetterSummary> Index => state.State.Index;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record read back from JSON compares keys ordinally too, but say so rather than rely on the default.
        if (Index.Comparer != StringComparer.Ordinal)
        {
            state.State.Index = new Dictionary<string, DeadLetterSummary>(Index, StringComparer.Ordinal);
        }

        if (state.State.Entries.Count > 0)
        {
            await MigrateAsync();
        }

        state.State.Version = DeadLetterShardGrainState.CurrentVersion;
        ReportCount();
        if (Index.Count > 0)
        {
            // Entries need the trimmer's reminder (retention); one-way, since the trimmer calls the shards.
            await GrainFactory.GetDeadLetterTrimmer().WakeAsync();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.DeadLettersChanged(-_reported);
        _reported = 0;
        return Task.CompletedTask;
    }

    async Task IDeadLetterShardGrain.AddAsync(DeadLetter letter)
    {
        var stored = letter with { State = DeadLetterStates.Failed };
        var isNew = true;
        if (Index.ContainsKey(letter.Id) && await ReadAsync(letter.Id) is { } existing)
        {
            // A repeat of the same failure (the run grain retrying after a crash) must change nothing; a replay that
            // failed again keeps the history: replays, first plan and attempt, and attempts made before the replay.
            var replayFailed = existing.State == DeadLetterStates.Replaying;
            isNew = replayFailed;
            stored = stored with
            {
                Replays = existing.Replays,
                LastReplayAt = existing.LastReplayAt,
                Attempts = replayFailed ? existing.Attempts + letter.Attempts : letter.Attempts,
                PlannedAt = replayFailed ? existing.PlannedAt : letter.PlannedAt,
                FirstAttemptAt = replayFailed ? existing.FirstAttemptAt ?? letter.FirstAttemptAt : letter.FirstAttemptAt,
            };
            if (stored == existing)
            {
                return;
            }
        }

        await PutAsync(stored);
        if (isNew)
        {
            metrics.DeadLetterEnqueued(letter.Provider, letter.Type);
        }

        Log.Stored(logger, letter.RunKey, letter.Id, letter.LedgerKey, stored.Attempts, letter.Cause);
    }

    Task<DeadLetter?> IDeadLetterShardGrain.GetAsync(string id) =>
        Index.ContainsKey(id) ? ReadAsync(id) : Task.FromResult<DeadLetter?>(null);

    async Task<DeadLetterPage> IDeadLetterShardGrain.QueryAsync(DeadLetterQuery query)
    {
        // The whole-entry page of the version before the index; the store now reads the index (query-index) instead.
        var page = Query(query);
        var letters = await ReadManyAsync(GrainFactory, page.Items.Select(s => s.Id));
        var items = letters.Select(l => query.WithBodies ? l : DeadLetterListing.WithoutBody(l));
        return new DeadLetterPage { Items = [.. items], Total = page.Total, Remaining = page.Remaining };
    }

    Task<DeadLetterIndexPage> IDeadLetterShardGrain.QueryIndexAsync(DeadLetterQuery query) => Task.FromResult(Query(query));

    Task<IReadOnlyList<string>> IDeadLetterShardGrain.MatchAsync(DeadLetterFilter filter) =>
        Task.FromResult<IReadOnlyList<string>>([.. Index.Values.Where(filter.Matches).Select(s => s.Id)]);

    async Task<DeadLetterClaim> IDeadLetterShardGrain.ClaimAsync(string id, bool includeReplaying)
    {
        if (!Index.TryGetValue(id, out var summary) || await ReadAsync(id) is not { } letter)
        {
            return new DeadLetterClaim(DeadLetterClaimStatus.NotFound, null);
        }

        if (summary.State == DeadLetterStates.Replaying && !includeReplaying)
        {
            return new DeadLetterClaim(DeadLetterClaimStatus.AlreadyReplaying, letter);
        }

        var claimed = letter with
        {
            State = DeadLetterStates.Replaying,
            Replays = letter.Replays + 1,
            LastReplayAt = timeProvider.GetUtcNow(),
        };
        await PutAsync(claimed);
        return new DeadLetterClaim(DeadLetterClaimStatus.Claimed, claimed);
    }

    async Task IDeadLetterShardGrain.ReleaseAsync(string id)
    {
        if (Index.TryGetValue(id, out var summary) && summary.State != DeadLetterStates.Failed && await ReadAsync(id) is { } letter)
        {
            await PutAsync(letter with { State = DeadLetterStates.Failed });
        }
    }

    async Task<DeadLetter?> IDeadLetterShardGrain.RemoveAsync(string id)
    {
        if (!Index.ContainsKey(id))
        {
            return null;
        }

        var removed = await ReadAsync(id);
        Index.Remove(id);
        await WriteAsync();
        await ClearAsync([id]);
        if (removed is not null)
        {
            Log.Removed(logger, removed.RunKey, id, removed.LedgerKey);
        }

        return removed;
    }

    Task<int> IDeadLetterShardGrain.PurgeAsync(DeadLetterFilter filter) =>
        RemoveAllAsync([.. Index.Values.Where(filter.Matches).Select(s => s.Id)]);

    Task<int> IDeadLetterShardGrain.CountAsync() => Task.FromResult(Index.Count);

    Task<IReadOnlyList<DeadLetterCursor>> IDeadLetterShardGrain.OldestAsync(int count)
    {
        var oldest = Index.Values.Select(DeadLetterCursor.After).ToList();
        oldest.Sort((x, y) => DeadLetterCursor.Compare(y, x));
        return Task.FromResult<IReadOnlyList<DeadLetterCursor>>([.. oldest.Take(Math.Max(count, 0))]);
    }

    Task<int> IDeadLetterShardGrain.RemoveManyAsync(IReadOnlyList<string> ids) =>
        RemoveAllAsync([.. ids.Distinct(StringComparer.Ordinal).Where(Index.ContainsKey)]);

    /// <summary>The matching summaries after the query's cursor, newest first, up to its limit.</summary>
    private DeadLetterIndexPage Query(DeadLetterQuery query)
    {
        var total = 0;
        var after = new List<DeadLetterSummary>();
        foreach (var summary in Index.Values)
        {
            if (!query.Filter.Matches(summary))
            {
                continue;
            }

            total++;
            if (query.After is null || query.After.Precedes(summary))
            {
                after.Add(summary);
            }
        }

        after.Sort(DeadLetterCursor.Compare);
        return new DeadLetterIndexPage { Items = [.. after.Take(Math.Max(query.Limit, 0))], Total = total, Remaining = after.Count };
    }

    /// <summary>Stores the entry's record, then its summary in the index when the summary changed.</summary>
    private async Task PutAsync(DeadLetter letter)
    {
        // The record first: a crash in between leaves a record nobody indexes (the run grain's retry indexes it), never
        // an index entry without its record.
        await GrainFactory.GetDeadLetter(letter.Id).PutAsync(letter);
        var summary = DeadLetterSummary.Of(letter);
        if (Index.TryGetValue(letter.Id, out var indexed) && indexed == summary)
        {
            return;
        }

        Index[letter.Id] = summary;
        await WriteAsync();
    }

    /// <summary>Removes the ids from the index in one write, then deletes their records.</summary>
    private async Task<int> RemoveAllAsync(IReadOnlyList<string> ids)
    {
        if (ids.Count == 0)
        {
            return 0;
        }

        foreach (var id in ids)
        {
            Index.Remove(id);
        }

        await WriteAsync();
        await ClearAsync(ids);
        return ids.Count;
    }

    /// <summary>
    /// Deletes the records of entries already gone from the index. A failure is logged, not thrown: the entry is gone
    /// for the store either way, and a record nobody indexes is never read (its id's next failure overwrites it).
    /// </summary>
    private async Task ClearAsync(IReadOnlyList<string> ids)
    {
        foreach (var batch in ids.Chunk(Parallelism))
        {
            await Task.WhenAll(batch.Select(async id =>
            {
                try
                {
                    await GrainFactory.GetDeadLetter(id).ClearAsync();
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    Log.RecordNotCleared(logger, exception, id);
                }
            }));
        }
    }

    private Task<DeadLetter?> ReadAsync(string id) => GrainFactory.GetDeadLetter(id).GetAsync();

    /// <summary>The entries with these ids, in the given order; ids without a record are left out.</summary>
    internal static async Task<IReadOnlyList<DeadLetter>> ReadManyAsync(IGrainFactory grains, IEnumerable<string> ids)
    {
        var letters = new List<DeadLetter>();
        foreach (var batch in ids.Chunk(Parallelism))
        {
            letters.AddRange((await Task.WhenAll(batch.Select(id => grains.GetDeadLetter(id).GetAsync()))).OfType<DeadLetter>());
        }

        return letters;
    }

    /// <summary>Moves the entries of a version-1 record into their own records, then stores the index alone.</summary>
    private async Task MigrateAsync()
    {
        // Format-1 letters held a GitHub command inline: they move as effect envelopes.
        var readers = legacyReaders.ToArray();
        var entries = state.State.Entries.ToDictionary(e => e.Key, e => DeadLetterUpgrade.Upgrade(e.Value, readers), StringComparer.Ordinal);
        foreach (var batch in entries.Values.Chunk(Parallelism))
        {
            // Idempotent: if this activation fails half-way, the next one writes the same records again.
            await Task.WhenAll(batch.Select(letter => GrainFactory.GetDeadLetter(letter.Id).PutAsync(letter)));
        }

        foreach (var letter in entries.Values)
        {
            Index[letter.Id] = DeadLetterSummary.Of(letter);
        }

        state.State.Entries = new Dictionary<string, DeadLetter>(StringComparer.Ordinal);
        state.State.Version = DeadLetterShardGrainState.CurrentVersion;
        await state.WriteStateAsync();
        var shard = this.GetPrimaryKeyLong();
        Log.Migrated(logger, shard, Index.Count);
    }

    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The stored record is the truth: drop what this activation changed and read it again on the next call.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            ReportCount();
        }
    }

    private void ReportCount()
    {
        metrics.DeadLettersChanged(Index.Count - _reported);
        _reported = Index.Count;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DeadLetterStored, EventName = "DeadLetterStored", Level = LogLevel.Warning,
            Message = "Run {RunKey}: dead letter {DeadLetterId} ({Context}) stored after {Attempts} attempts: {Error}")]
        public static partial void Stored(ILogger logger, string runKey, string deadLetterId, string context, int attempts, string error);

        [LoggerMessage(EventId = LogEventIds.DeadLetterRemoved, EventName = "DeadLetterRemoved", Level = LogLevel.Information,
            Message = "Run {RunKey}: dead letter {DeadLetterId} ({Context}) removed")]
        public static partial void Removed(ILogger logger, string runKey, string deadLetterId, string context);

        [LoggerMessage(EventId = LogEventIds.DeadLettersMigrated, EventName = "DeadLettersMigrated", Level = LogLevel.Information,
            Message = "Dead-letter shard {Shard}: {Count} entries moved from the version-1 record into their own records")]
        public static partial void Migrated(ILogger logger, long shard, int count);

        [LoggerMessage(EventId = LogEventIds.DeadLetterRecordNotCleared, EventName = "DeadLetterRecordNotCleared", Level = LogLevel.Warning,
            Message = "Dead letter {DeadLetterId} left the index but its record could not be deleted")]
        public static partial void RecordNotCleared(ILogger logger, Exception exception, string deadLetterId);
    }
}
