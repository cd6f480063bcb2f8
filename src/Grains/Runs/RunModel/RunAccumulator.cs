using Relay.Events;
using Relay.Runs;

namespace Relay.Grains.Runs.RunModel;

/// <summary>
/// Accumulates events into a run's state (SPEC §3–4): the run's identity (a new <c>metadata.uid</c> starts a new run,
/// events of a replaced or forgotten run are ignored), idempotence per event key, and the merge of each resource's
/// latest state under <see cref="StatePrecedence"/>. Pure over the state it is given.
/// </summary>
internal static class RunAccumulator
{
    /// <summary>How many replaced uids a run key remembers.</summary>
    public const int RetiredUidsKept = 16;

    public static Accumulation Accumulate(PipelineRunGrainState run, RelayEvent relayEvent, DateTimeOffset now)
    {
        var restarted = false;
        if (relayEvent.RunUid is { Length: > 0 } uid)
        {
            if (run.RetiredUids.Contains(uid, StringComparer.Ordinal))
            {
                return Accumulation.OfRetiredRun;
            }

            if (run.Uid is { } current && !string.Equals(current, uid, StringComparison.Ordinal))
            {
                Restart(run, uid);
                restarted = true;
            }
            else
            {
                run.Uid ??= uid;
            }
        }

        if (run.ForgottenAt is not null && !restarted)
        {
            return Accumulation.OfForgottenRun;
        }

        if (!run.RecordedEvents.Add(relayEvent.EventKey))
        {
            return Accumulation.AlreadyRecorded;
        }

        run.Incarnation ??= NewIncarnation();
        run.LastEventAt = now;
        Merge(run, relayEvent);
        return restarted ? Accumulation.Restarted : Accumulation.Recorded;
    }

    /// <summary>
    /// The key now holds another run: its details, events and ledger start afresh. Undelivered outbox entries of the
    /// old run stay, in order, with their rows' memos, so what it decided is still delivered (before the new run's
    /// effects for the same contexts, so the new run's states land last).
    /// </summary>
    public static void Restart(PipelineRunGrainState run, string uid)
    {
        foreach (var entry in run.Outbox.Where(e => e.Id >= run.FirstOutboxId))
        {
            entry.CarriedMemo = run.Ledger.GetValueOrDefault(entry.LedgerKey)?.Memo;
        }

        if (run.Uid is { } old)
        {
            run.RetiredUids.Add(old);
            if (run.RetiredUids.Count > RetiredUidsKept)
            {
                run.RetiredUids.RemoveRange(0, run.RetiredUids.Count - RetiredUidsKept);
            }
        }

        run.Uid = uid;
        run.Incarnation = NewIncarnation();
        run.FirstOutboxId = run.NextOutboxId;
        run.ForgottenAt = null;
        run.CreatedAt = null;
        run.Namespace = null;
        run.RunName = null;
        run.PipelineName = null;
        run.Scm = null;
        run.Run = null;
        run.Tasks = new(StringComparer.Ordinal);
        run.RecordedEvents = new(StringComparer.Ordinal);
        run.Ledger = new(StringComparer.Ordinal);
        run.Timeline = [];
    }

    /// <summary>
    /// Forgets a finished run but keeps its identity (uid, incarnation, outbox ids): late events of the same run then
    /// record nothing, instead of re-creating its one-shot effects in an empty run.
    /// </summary>
    public static void Forget(PipelineRunGrainState run, DateTimeOffset now)
    {
        run.ForgottenAt = now;
        run.LastEventAt = now;
        run.Run = null;
        run.Tasks = new(StringComparer.Ordinal);
        run.RecordedEvents = new(StringComparer.Ordinal);
        run.Ledger = new(StringComparer.Ordinal);
        run.Scm = null;
        run.Timeline = [];
    }

    private static string NewIncarnation() => Guid.NewGuid().ToString("N");

    private static void Merge(PipelineRunGrainState run, RelayEvent relayEvent)
    {
        run.Namespace ??= relayEvent.Namespace;
        run.CreatedAt = relayEvent.RunCreatedAt ?? run.CreatedAt;
        var isTopLevel = relayEvent.Kind == RunKind.PipelineRun || relayEvent.PipelineRunName is null;
        if (isTopLevel)
        {
            run.Kind = relayEvent.Kind;
            run.RunName = relayEvent.Name;
            run.PipelineName = relayEvent.PipelineName ?? run.PipelineName;
        }
        else
        {
            run.RunName ??= relayEvent.PipelineRunName;
            run.PipelineName ??= relayEvent.PipelineName;
        }

        // The PipelineRun's own annotations are authoritative; children carry copies of them.
        if (relayEvent.Scm is not null && (run.Scm is null || relayEvent.Kind == RunKind.PipelineRun))
        {
            run.Scm = relayEvent.Scm;
        }

        var taskName = relayEvent.PipelineTask ?? relayEvent.Name;
        var current = isTopLevel ? run.Run : run.Tasks.GetValueOrDefault(taskName);
        if (!StatePrecedence.Supersedes(current, relayEvent))
        {
            if (current!.StartTime is null && relayEvent.StartTime is not null)
            {
                current.StartTime = relayEvent.StartTime;
            }

            return;
        }

        var record = current ?? new ResourceRecord();
        record.Name = isTopLevel ? relayEvent.Name : taskName;
        record.ResourceName = relayEvent.Name;
        record.Kind = relayEvent.Kind;
        record.State = relayEvent.State;
        record.Reason = relayEvent.Reason;
        record.Message = relayEvent.Message;
        record.TimedOut = relayEvent.TimedOut;
        record.StartTime = relayEvent.StartTime ?? record.StartTime;
        record.CompletionTime = relayEvent.CompletionTime ?? record.CompletionTime;
        record.LastTransitionTime = relayEvent.LastTransitionTime ?? record.LastTransitionTime;
        record.DisplayName = relayEvent.DisplayName ?? record.DisplayName;
        if (relayEvent.Results.Count > 0)
        {
            record.Results = new Dictionary<string, string>(relayEvent.Results, StringComparer.Ordinal);
        }

        if (isTopLevel)
        {
            run.Run = record;
        }
        else
        {
            run.Tasks[taskName] = record;
        }
    }
}
