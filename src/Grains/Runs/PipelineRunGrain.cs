using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Actions;
using Relay.Events;
using Relay.Grains.Actions;
using Relay.Grains.Health;
using Relay.Grains.Diagnostics;
using Relay.Grains.Storage;
using Relay.Runs;

namespace Relay.Grains.Runs;

/// <summary>
/// One grain per PipelineRun (or standalone TaskRun/CustomRun). Accumulates each resource's latest state,
/// decides through its ledger which effects are new, keeps them in a persisted outbox and drains it through
/// the stateless action grains. The rules are in <c>Runs/README.md</c>.
/// </summary>
[GrainType("pipelinerun"), CollectionAgeLimit(Minutes = 2)]
internal sealed partial class PipelineRunGrain(
    [PersistentState(RelayStorage.RunState, RelayStorage.Runs)] IPersistentState<PipelineRunGrainState> state,
    IEnumerable<IActionPlanner> planners,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<RunRetentionOptions> retentionOptions,
    TimeProvider timeProvider,
    ActionHealth actionHealth,
    RelayMetrics metrics,
    ILogger<PipelineRunGrain> logger) : Grain, IPipelineRunGrain, IRemindable, IDisposable
{
    private const string Provider = "github";
    private const string OutboxReminder = "outbox";
    private const string CleanupReminder = "cleanup";
    private readonly OutboxOptions _outbox = outboxOptions.Value;
    private readonly TimeSpan _runTtl = retentionOptions.Value.Ttl.Value;
    private readonly IActionPlanner[] _planners = planners.ToArray();

    // Concurrent writes of one IPersistentState would trip its own etag: the interleaving drain timer and
    // ApplyAsync take turns through this gate.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private string _runKey = "";
    private IGrainTimer? _drainTimer;
    private bool _draining;
    private readonly SemaphoreSlim _reminderGate = new(1, 1);
    private bool _reminderRegistered;
    private int _applying;
    private Task _clearing = Task.CompletedTask;

    // What this activation has added to relay.outbox.pending, so the gauge follows the outbox whatever changes it.
    private long _pendingReported;

    private PipelineRunGrainState Run => state.State;

    public void Dispose()
    {
        _writeGate.Dispose();
        _reminderGate.Dispose();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _runKey = this.GetPrimaryKeyString();
        ReportPending();
        if (Run.Outbox.Count > 0)
        {
            ScheduleDrain();
        }

        return Task.CompletedTask;
    }

    async Task<ApplyOutcome> IPipelineRunGrain.ApplyAsync(RelayEvent relayEvent)
    {
        // Counted before the first await: a cleanup that interleaves sees this apply and backs off.
        _applying++;
        try
        {
            await _clearing;
            if (Run.RecordedEvents.Contains(relayEvent.EventKey))
            {
                return ApplyOutcome.AlreadyRecorded;
            }

            if (!Run.CleanupScheduled)
            {
                // Registered before the state says so: a lost registration must not leave state forever.
                await this.RegisterOrUpdateReminder(CleanupReminder, _runTtl, _runTtl);
                Run.CleanupScheduled = true;
            }

            Run.RecordedEvents.Add(relayEvent.EventKey);
            Run.LastEventAt = timeProvider.GetUtcNow();
            Merge(relayEvent);
            var planned = PlanNewActions();
            ReportPending();

            await PersistAsync();
            Log.EventRecorded(logger, relayEvent.EventKey, _runKey, relayEvent.State, planned);

            if (planned > 0)
            {
                await SyncOutboxReminderAsync();
                ScheduleDrain();
            }

            return ApplyOutcome.Recorded;
        }
        finally
        {
            _applying--;
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.OutboxChanged(-_pendingReported);
        _pendingReported = 0;
        return Task.CompletedTask;
    }

    Task<RunSnapshot> IPipelineRunGrain.GetSnapshotAsync() => Task.FromResult(RunSnapshots.From(_runKey, state.RecordExists || Run.RecordedEvents.Count > 0, Run));

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == CleanupReminder)
        {
            return CleanUpIfDoneAsync();
        }

        // Safety net after a crash or a move: the activation that receives this drains what is left.
        _reminderRegistered = true;
        if (Run.Outbox.Count == 0)
        {
            return SyncOutboxReminderAsync();
        }

        ScheduleDrain();
        return Task.CompletedTask;
    }

    /// <summary>Forgets the run once nothing is pending and no event came for <c>run_ttl</c>: storage stays bounded.</summary>
    private async Task CleanUpIfDoneAsync()
    {
        if (!IsDone())
        {
            return;
        }

        foreach (var name in new[] { CleanupReminder, OutboxReminder })
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        _reminderRegistered = false;
        if (!IsDone())
        {
            // An event arrived while the reminders were being removed: keep the run, and its cleanup.
            await this.RegisterOrUpdateReminder(CleanupReminder, _runTtl, _runTtl);
            await SyncOutboxReminderAsync();
            return;
        }

        // From here no apply may touch the state until it is cleared; new ones wait and start afresh.
        var cleared = new TaskCompletionSource();
        _clearing = cleared.Task;
        var idle = timeProvider.GetUtcNow() - (Run.LastEventAt ?? DateTimeOffset.MinValue);
        await _writeGate.WaitAsync();
        try
        {
            await state.ClearStateAsync();
        }
        finally
        {
            _writeGate.Release();
            cleared.SetResult();
        }

        Log.RunForgotten(logger, _runKey, idle);
        DeactivateOnIdle();
    }

    private bool IsDone() =>
        Run.Outbox.Count == 0 && !_draining && _applying == 0
        && timeProvider.GetUtcNow() - (Run.LastEventAt ?? DateTimeOffset.MinValue) >= _runTtl;

    private void Merge(RelayEvent relayEvent)
    {
        Run.Namespace ??= relayEvent.Namespace;
        if (relayEvent.Kind == RunKind.PipelineRun || relayEvent.PipelineRunName is null)
        {
            Run.Kind = relayEvent.Kind;
            Run.RunName = relayEvent.Name;
            Run.PipelineName = relayEvent.PipelineName ?? Run.PipelineName;
        }
        else
        {
            Run.RunName ??= relayEvent.PipelineRunName;
            Run.PipelineName ??= relayEvent.PipelineName;
        }

        // The PipelineRun's own annotations are authoritative; children carry copies of them.
        if (relayEvent.Scm is not null && (Run.Scm is null || relayEvent.Kind == RunKind.PipelineRun))
        {
            Run.Scm = relayEvent.Scm;
        }

        var isTopLevel = relayEvent.Kind == RunKind.PipelineRun || relayEvent.PipelineRunName is null;
        var taskName = relayEvent.PipelineTask ?? relayEvent.Name;
        var current = isTopLevel ? Run.Run : Run.Tasks.GetValueOrDefault(taskName);
        if (!StatePrecedence.Supersedes(current, relayEvent))
        {
            Log.StaleStateIgnored(logger, relayEvent.EventKey, _runKey, relayEvent.State, current!.State);
            if (current.StartTime is null && relayEvent.StartTime is not null)
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
        if (isTopLevel)
        {
            Run.Run = record;
        }
        else
        {
            Run.Tasks[taskName] = record;
        }
    }

    /// <summary>Runs every planner and puts what the ledger has not seen into the outbox. Returns how many.</summary>
    private int PlanNewActions()
    {
        var now = timeProvider.GetUtcNow();
        var count = 0;
        foreach (var planner in _planners)
        {
            foreach (var action in planner.Plan(Run))
            {
                var key = action.LedgerKey;
                var last = Run.Ledger.GetValueOrDefault(key);
                if (!EffectLedger.IsNew(last, action))
                {
                    continue;
                }

                var entry = new OutboxEntry
                {
                    Id = Run.NextOutboxId++,
                    LedgerKey = key,
                    CommitStatus = action.CommitStatus,
                    EnqueuedAt = now,
                    TraceParent = Activity.Current?.Id,
                };
                Run.Outbox.Add(entry);
                Run.Ledger[key] = new LedgerEntry
                {
                    Action = action.Action,
                    Context = action.Context,
                    CiState = action.CiState,
                    State = action.State,
                    Description = action.Description,
                    TargetUrl = action.TargetUrl,
                    Delivery = Delivery.Planned,
                    OutboxId = entry.Id,
                    PlannedAt = now,
                };
                Log.ActionPlanned(logger, _runKey, action.Context, action.State);
                count++;
            }
        }

        return count;
    }

    private void ScheduleDrain()
    {
        if (_draining)
        {
            return;
        }

        var due = NextDueIn();
        if (due is null)
        {
            return;
        }

        if (_drainTimer is null)
        {
            _drainTimer = this.RegisterGrainTimer(DrainAsync, new GrainTimerCreationOptions
            {
                DueTime = due.Value,
                Period = Timeout.InfiniteTimeSpan,
                Interleave = true,
                KeepAlive = true,
            });
        }
        else
        {
            _drainTimer.Change(due.Value, Timeout.InfiniteTimeSpan);
        }
    }

    private TimeSpan? NextDueIn() => OutboxSchedule.NextDueIn(Run.Outbox, timeProvider.GetUtcNow());

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_draining)
        {
            return;
        }

        _draining = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested && NextDeliverable() is { } entry)
            {
                var result = await DeliverAsync(entry);
                Settle(entry, result);
                ReportPending();
                await PersistAsync();
            }

            await SyncOutboxReminderAsync();
            if (Run.Outbox.Count == 0 && _applying == 0 && Run.Run?.State.IsTerminal() == true)
            {
                // Finished and delivered: free the memory now; a late event re-reads the stored state.
                DeactivateOnIdle();
            }
        }
        finally
        {
            _draining = false;
        }

        ScheduleDrain();
    }

    private OutboxEntry? NextDeliverable() => OutboxSchedule.NextDeliverable(Run.Outbox, timeProvider.GetUtcNow());

    private async Task<ActionResult> DeliverAsync(OutboxEntry entry)
    {
        if (entry.CommitStatus is not { } command)
        {
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = "outbox entry carries no command" };
        }

        // The drain runs on a timer, outside any request: the span continues the trace of the event that planned it.
        ActivityContext.TryParse(entry.TraceParent, null, out var parent);
        using var activity = RelayActivities.Source.StartActivity("relay.action.deliver", ActivityKind.Internal, parent);
        activity?.SetTag("relay.run", _runKey);
        activity?.SetTag("relay.context", command.Context);
        activity?.SetTag("relay.attempt", entry.Attempts + 1);
        try
        {
            var result = await GrainFactory.GetGrain<IGitHubActionGrain>(0).PostCommitStatusAsync(command);
            activity?.SetTag("relay.outcome", result.Outcome.ToString());
            if (result.Outcome != ActionOutcome.Succeeded)
            {
                activity?.SetStatus(ActivityStatusCode.Error, result.Error);
            }

            return result;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = exception.Message };
        }
    }

    private void Settle(OutboxEntry entry, ActionResult result)
    {
        var now = timeProvider.GetUtcNow();
        entry.Attempts++;
        var ledger = Run.Ledger.GetValueOrDefault(entry.LedgerKey);
        var current = ledger is not null && ledger.OutboxId == entry.Id ? ledger : null;
        var context = entry.CommitStatus?.Context ?? entry.LedgerKey;

        var action = entry.LedgerKey.Split('|', 2)[0];
        if (result.Outcome == ActionOutcome.Succeeded)
        {
            actionHealth.Succeeded(action);
            Run.Outbox.Remove(entry);
            if (current is not null)
            {
                current.Delivery = Delivery.Delivered;
                current.DeliveredAt = now;
                current.LastError = null;
            }

            metrics.ActionSettled(Provider, ActionType(entry), "succeeded");
            Log.ActionDelivered(logger, _runKey, context, entry.CommitStatus?.State, entry.Attempts);
            return;
        }

        entry.LastError = result.Error;
        actionHealth.Failed(action, result.Error);
        if (result.Outcome == ActionOutcome.TransientFailure && entry.Attempts < _outbox.MaxAttempts)
        {
            var wait = result.RetryAfter ?? Backoff(entry.Attempts);
            entry.NextAttemptAt = now + wait;
            if (current is not null)
            {
                current.LastError = result.Error;
            }

            metrics.ActionRetried(Provider, ActionType(entry));
            Log.ActionRetry(logger, _runKey, context, entry.Attempts, wait, result.Error);
            return;
        }

        Run.Outbox.Remove(entry);
        if (current is not null)
        {
            current.Delivery = Delivery.Failed;
            current.LastError = result.Error;
        }

        metrics.ActionSettled(Provider, ActionType(entry), "failed");
        Log.ActionFailed(logger, _runKey, context, entry.Attempts, result.Error);
    }

    private static string ActionType(OutboxEntry entry) => entry.CommitStatus is not null ? "commit_status" : "unknown";

    private void ReportPending()
    {
        metrics.OutboxChanged(Run.Outbox.Count - _pendingReported);
        _pendingReported = Run.Outbox.Count;
    }

    private TimeSpan Backoff(int attempts)
    {
        var exponential = _outbox.InitialBackoff * Math.Pow(2, Math.Min(attempts - 1, 16));
        var capped = exponential > _outbox.MaxBackoff ? _outbox.MaxBackoff : exponential;
        // Full jitter on the upper half keeps retries of many runs from marching in step.
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    private async Task PersistAsync()
    {
        await _writeGate.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// Makes the outbox reminder match the outbox: registered while it holds entries, removed once empty. Applies and
    /// the drain interleave, so callers take turns and each re-checks after its awaits until the two agree.
    /// </summary>
    private async Task SyncOutboxReminderAsync()
    {
        await _reminderGate.WaitAsync();
        try
        {
            while ((Run.Outbox.Count > 0) != _reminderRegistered)
            {
                if (Run.Outbox.Count > 0)
                {
                    await this.RegisterOrUpdateReminder(OutboxReminder, _outbox.ReminderPeriod, _outbox.ReminderPeriod);
                    _reminderRegistered = true;
                }
                else
                {
                    if (await this.GetReminder(OutboxReminder) is { } reminder)
                    {
                        await this.UnregisterReminder(reminder);
                    }

                    _reminderRegistered = false;
                }
            }
        }
        finally
        {
            _reminderGate.Release();
        }
    }
}
