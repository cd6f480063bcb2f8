using Relay.Grains.Storage;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// One notifier's memory of one pipeline (<see cref="INotifierHistoryGrain"/>), persisted with the runs: the answer to
/// a run is written before it is given, so a silo that dies after answering cannot make a redelivery decide otherwise.
/// </summary>
// One per notifier and pull request or branch: collected like run grains (2 min idle), not after the default 15 min.
[GrainType("notifier-history"), CollectionAgeLimit(Minutes = 2)]
internal sealed class NotifierHistoryGrain(
    [PersistentState(RelayStorage.NotifierHistoryState, RelayStorage.Runs)] IPersistentState<NotifierHistoryGrainState> state)
    : Grain, INotifierHistoryGrain
{
    /// <summary>How many runs are remembered for idempotence: replays of older runs' effects are rare and days late.</summary>
    internal const int RecentRuns = 32;

    public async Task<string?> RecordAsync(string runId, string outcome)
    {
        var record = state.State;
        if (record.Recent.Find(e => e.RunId == runId) is { } known)
        {
            return known.Previous;
        }

        var entry = new NotifierHistoryEntry { RunId = runId, Outcome = outcome, Previous = record.LastOutcome };
        record.Version = NotifierHistoryGrainState.CurrentVersion;
        record.Recent.Add(entry);
        if (record.Recent.Count > RecentRuns)
        {
            record.Recent.RemoveRange(0, record.Recent.Count - RecentRuns);
        }

        record.LastOutcome = outcome;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not written, not answered: the next call (the outbox's retry) decides again from what storage holds.
            record.Recent.Remove(entry);
            record.LastOutcome = entry.Previous;
            DeactivateOnIdle();
            throw;
        }

        return entry.Previous;
    }
}
