using Microsoft.Extensions.Logging;
using Relay.DeadLetters;
using Relay.Grains.Actions;
using Relay.Grains.Diagnostics;
using Relay.Grains.Storage;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// One shard of the dead-letter store: a dictionary of entries by id, written to grain storage before each call
/// returns. Calls are served one at a time, so a read-modify-write never races another. The shard calls no grain.
/// </summary>
[GrainType("deadlettershard")]
internal sealed partial class DeadLetterShardGrain(
    [PersistentState(RelayStorage.DeadLetterState, RelayStorage.Runs)] IPersistentState<DeadLetterShardGrainState> state,
    IEnumerable<ILegacyEffectReader> legacyReaders,
    TimeProvider timeProvider,
    RelayMetrics metrics,
    ILogger<DeadLetterShardGrain> logger) : Grain, IDeadLetterShardGrain
{
    // What this activation has added to relay.dead_letters, so the gauge is right whichever silo holds the shard.
    private long _reported;

    private Dictionary<string, DeadLetter> Entries => state.State.Entries;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // A record read back from JSON compares keys ordinally too, but say so rather than rely on the default.
        // Format-1 letters (a GitHub command inline) become effect envelopes; written with the next change.
        var readers = legacyReaders.ToArray();
        state.State.Entries = Entries.ToDictionary(e => e.Key, e => DeadLetterUpgrade.Upgrade(e.Value, readers), StringComparer.Ordinal);

        state.State.Version = DeadLetterShardGrainState.CurrentVersion;
        ReportCount();
        return Task.CompletedTask;
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
        if (Entries.TryGetValue(letter.Id, out var existing))
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

        Entries[letter.Id] = stored;
        await WriteAsync();
        if (isNew)
        {
            metrics.DeadLetterEnqueued(letter.Provider, letter.Type);
        }

        Log.Stored(logger, letter.RunKey, letter.Id, letter.LedgerKey, stored.Attempts, letter.Cause);
    }

    Task<DeadLetter?> IDeadLetterShardGrain.GetAsync(string id) => Task.FromResult(Entries.GetValueOrDefault(id));

    Task<DeadLetterPage> IDeadLetterShardGrain.QueryAsync(DeadLetterQuery query)
    {
        var total = 0;
        var after = new List<DeadLetter>();
        foreach (var letter in Entries.Values)
        {
            if (!query.Filter.Matches(letter))
            {
                continue;
            }

            total++;
            if (query.After is null || query.After.Precedes(letter))
            {
                after.Add(letter);
            }
        }

        after.Sort(DeadLetterCursor.Compare);
        var items = after.Take(Math.Max(query.Limit, 0));
        if (!query.WithBodies)
        {
            items = items.Select(l => l.Effect is null ? l : l with { Effect = l.Effect with { Payload = "{}" } });
        }

        return Task.FromResult(new DeadLetterPage { Items = [.. items], Total = total, Remaining = after.Count });
    }

    Task<IReadOnlyList<string>> IDeadLetterShardGrain.MatchAsync(DeadLetterFilter filter) =>
        Task.FromResult<IReadOnlyList<string>>([.. Entries.Values.Where(filter.Matches).Select(l => l.Id)]);

    async Task<DeadLetterClaim> IDeadLetterShardGrain.ClaimAsync(string id, bool includeReplaying)
    {
        if (!Entries.TryGetValue(id, out var letter))
        {
            return new DeadLetterClaim(DeadLetterClaimStatus.NotFound, null);
        }

        if (letter.State == DeadLetterStates.Replaying && !includeReplaying)
        {
            return new DeadLetterClaim(DeadLetterClaimStatus.AlreadyReplaying, letter);
        }

        var claimed = letter with
        {
            State = DeadLetterStates.Replaying,
            Replays = letter.Replays + 1,
            LastReplayAt = timeProvider.GetUtcNow(),
        };
        Entries[id] = claimed;
        await WriteAsync();
        return new DeadLetterClaim(DeadLetterClaimStatus.Claimed, claimed);
    }

    async Task IDeadLetterShardGrain.ReleaseAsync(string id)
    {
        if (Entries.TryGetValue(id, out var letter) && letter.State != DeadLetterStates.Failed)
        {
            Entries[id] = letter with { State = DeadLetterStates.Failed };
            await WriteAsync();
        }
    }

    async Task<DeadLetter?> IDeadLetterShardGrain.RemoveAsync(string id)
    {
        if (!Entries.Remove(id, out var removed))
        {
            return null;
        }

        await WriteAsync();
        Log.Removed(logger, removed.RunKey, id, removed.LedgerKey);
        return removed;
    }

    async Task<int> IDeadLetterShardGrain.PurgeAsync(DeadLetterFilter filter)
    {
        var ids = Entries.Values.Where(filter.Matches).Select(l => l.Id).ToList();
        if (ids.Count == 0)
        {
            return 0;
        }

        foreach (var id in ids)
        {
            Entries.Remove(id);
        }

        await WriteAsync();
        return ids.Count;
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
        metrics.DeadLettersChanged(Entries.Count - _reported);
        _reported = Entries.Count;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DeadLetterStored, EventName = "DeadLetterStored", Level = LogLevel.Warning,
            Message = "Run {RunKey}: dead letter {DeadLetterId} ({Context}) stored after {Attempts} attempts: {Error}")]
        public static partial void Stored(ILogger logger, string runKey, string deadLetterId, string context, int attempts, string error);

        [LoggerMessage(EventId = LogEventIds.DeadLetterRemoved, EventName = "DeadLetterRemoved", Level = LogLevel.Information,
            Message = "Run {RunKey}: dead letter {DeadLetterId} ({Context}) removed")]
        public static partial void Removed(ILogger logger, string runKey, string deadLetterId, string context);
    }
}
