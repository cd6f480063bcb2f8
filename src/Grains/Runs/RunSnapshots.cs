using Relay.Runs;

namespace Relay.Grains.Runs;

/// <summary>Maps a run grain's state to the read-only <see cref="RunSnapshot"/> contract.</summary>
internal static class RunSnapshots
{
    public static RunSnapshot From(string runKey, bool exists, PipelineRunGrainState run) => new()
    {
        RunKey = runKey,
        Exists = exists,
        PipelineName = run.PipelineName,
        Scm = run.Scm,
        Pipeline = run.Run is { } top ? ToSnapshot(top) : null,
        Tasks = run.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal).Select(ToSnapshot).ToArray(),
        Ledger = run.Ledger.Values
            .OrderBy(l => l.Action, StringComparer.Ordinal).ThenBy(l => l.Context, StringComparer.Ordinal)
            .Select(l => new LedgerSnapshot
            {
                Action = l.Action,
                Provider = l.Provider,
                Commit = l.Commit,
                Attempts = run.Outbox.Find(e => e.Id == l.OutboxId)?.Attempts ?? 0,
                Context = l.Context,
                State = l.State,
                Description = l.Description,
                Delivery = l.Delivery.ToString().ToLowerInvariant(),
                DeliveredAt = l.DeliveredAt,
                LastError = l.LastError,
                ResourceId = long.TryParse(l.Memo?.ResourceId, out var id) ? id : null,
                DeadLetterId = l.DeadLetterId,
                SupersededBy = l.SupersededBy,
            })
            .ToArray(),
        OutboxDepth = run.Outbox.Count,
        EventsRecorded = run.RecordedEvents.Count,
        Uid = run.Uid,
        Timeline = [.. run.Timeline],
        Kind = run.Kind,
    };

    private static ResourceSnapshot ToSnapshot(ResourceRecord record) => new()
    {
        Name = record.Name,
        ResourceName = record.ResourceName,
        Kind = record.Kind,
        State = record.State,
        Reason = record.Reason,
        Message = record.Message,
        StartTime = record.StartTime,
        CompletionTime = record.CompletionTime,
        TimedOut = record.TimedOut,
    };
}
