using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using System.Text;
using Relay.Actions;
using Relay.DeadLetters;
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
    IDeadLetterSink deadLetters,
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
    private long _inFlight;
    private readonly SemaphoreSlim _reminderGate = new(1, 1);
    private bool _reminderRegistered;
    private IGrainReminder? _outboxReminder;
    private IGitHubActionGrain? _actions;
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
        UpgradeStoredFormat();
        ReportPending();
        if (Run.Outbox.Count > 0)
        {
            ScheduleDrain();
        }

        return Task.CompletedTask;
    }

    /// <summary>Format 1 records carry commit-status commands: they become <see cref="GitHubCommand"/>s in memory.</summary>
    private void UpgradeStoredFormat()
    {
        foreach (var entry in Run.Outbox)
        {
            if (entry.GitHub is null && entry.CommitStatus is { } legacy)
            {
                entry.GitHub = legacy.ToGitHubCommand();
                entry.CommitStatus = null;
            }
        }

        Run.Version = PipelineRunGrainState.CurrentVersion;
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
            var planned = PlanNewActions(relayEvent);
            ReportPending();

            await PersistAsync();
            Log.EventRecorded(logger, relayEvent.EventKey, _runKey, relayEvent.State, planned);

            if (planned > 0)
            {
                await SyncOutboxReminderAsync(releaseWhileRunning: false);
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
            // Nothing pending at a tick: let it go even if the run is still going; the next effect registers it again.
            return SyncOutboxReminderAsync(releaseWhileRunning: true);
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
        _outboxReminder = null;
        if (!IsDone())
        {
            // An event arrived while the reminders were being removed: keep the run, and its cleanup.
            await this.RegisterOrUpdateReminder(CleanupReminder, _runTtl, _runTtl);
            await SyncOutboxReminderAsync(releaseWhileRunning: false);
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
        if (relayEvent.Results.Count > 0)
        {
            record.Results = new Dictionary<string, string>(relayEvent.Results, StringComparer.Ordinal);
        }

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
    private int PlanNewActions(RelayEvent? trigger)
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

                var entry = action.EditsInPlace ? QueuedEntryFor(key) : null;
                if (entry is not null)
                {
                    // Only the newest content of an edited-in-place effect matters: replace the queued one.
                    entry.GitHub = action.Command;
                    entry.TraceParent = Activity.Current?.Id ?? entry.TraceParent;
                    entry.EventKey = trigger?.EventKey ?? entry.EventKey;
                    entry.EventType = trigger?.EventType ?? entry.EventType;
                }
                else
                {
                    entry = new OutboxEntry
                    {
                        Id = Run.NextOutboxId++,
                        LedgerKey = key,
                        GitHub = action.Command,
                        EnqueuedAt = now,
                        TraceParent = Activity.Current?.Id,
                        EventKey = trigger?.EventKey,
                        EventType = trigger?.EventType,
                    };
                    Run.Outbox.Add(entry);
                    count++;
                }

                Run.Ledger[key] = new LedgerEntry
                {
                    Action = action.Action,
                    Context = action.Context,
                    CiState = action.CiState,
                    State = action.State,
                    Description = action.Description,
                    TargetUrl = action.TargetUrl,
                    ContentHash = action.ContentHash,
                    Delivery = Delivery.Planned,
                    OutboxId = entry.Id,
                    PlannedAt = now,
                    ResourceId = last?.ResourceId,
                    Labels = last?.Labels,
                };
                Log.ActionPlanned(logger, _runKey, action.Context, action.State);
            }
        }

        return count;
    }

    /// <summary>The undelivered, not in-flight outbox entry of a ledger row, if any.</summary>
    private OutboxEntry? QueuedEntryFor(string ledgerKey) =>
        Run.Outbox.FindLast(e => e.LedgerKey == ledgerKey && e.Id != _inFlight && e.DeadLetterId is null);

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
                // In flight until settled: an apply interleaving at any await in between (the GitHub call, the
                // dead-letter hand-off) must queue a newer decision behind this entry, not rewrite the entry.
                _inFlight = entry.Id;
                try
                {
                    var result = await DeliverAsync(entry);
                    await SettleAsync(entry, result);
                }
                finally
                {
                    _inFlight = 0;
                }

                ReportPending();
                await PersistAsync();
            }

            await SyncOutboxReminderAsync(releaseWhileRunning: false);
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
        if (entry.GitHub is not { } planned)
        {
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = "outbox entry carries no command" };
        }

        // What earlier deliveries of this row created (check run, comment, deployment) is edited, not created again.
        var row = Run.Ledger.GetValueOrDefault(entry.LedgerKey);
        var command = row?.ResourceId is { } id ? planned with { ResourceId = id } : planned;
        if (command.Type == "label" && row?.Labels is { Count: > 0 } applied && command.AddLabels is { } wanted)
        {
            // Labels this action applied earlier and no longer wants are taken back.
            var stale = applied.Where(l => !wanted.Contains(l, StringComparer.OrdinalIgnoreCase));
            command = command with { RemoveLabels = (command.RemoveLabels ?? []).Union(stale, StringComparer.OrdinalIgnoreCase).ToArray() };
        }

        entry.FirstAttemptAt ??= timeProvider.GetUtcNow();

        // The drain runs on a timer, outside any request: the span continues the trace of the event that planned it.
        ActivityContext.TryParse(entry.TraceParent, null, out var parent);
        using var activity = RelayActivities.Source.StartActivity("relay.action.deliver", ActivityKind.Internal, parent);
        activity?.SetTag("relay.run", _runKey);
        activity?.SetTag("relay.action.type", command.Type);
        activity?.SetTag("relay.context", entry.LedgerKey);
        activity?.SetTag("relay.attempt", entry.Attempts + 1);
        try
        {
            var result = await (_actions ??= GrainFactory.GetGrain<IGitHubActionGrain>(0)).ExecuteAsync(command);
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

    private async Task SettleAsync(OutboxEntry entry, ActionResult result)
    {
        var now = timeProvider.GetUtcNow();
        var ledger = Run.Ledger.GetValueOrDefault(entry.LedgerKey);
        var current = ledger is not null && ledger.OutboxId == entry.Id ? ledger : null;
        if (result.ResourceId is { } created && ledger is not null)
        {
            // Kept even when the call failed half-way (a deployment created, its status not): the retry edits it.
            ledger.ResourceId = created;
        }

        var type = entry.GitHub?.Type ?? "unknown";
        var action = entry.LedgerKey.Split('|', 2)[0];
        if (result.Outcome == ActionOutcome.Succeeded)
        {
            entry.Attempts++;
            if (entry.DeadLetterId is { } replayed)
            {
                // Leaves the store only now that it is delivered; if this call fails, the next drain repeats it.
                await deadLetters.RemoveAsync(replayed, ReplayOutcome.Enqueued);
            }

            actionHealth.Succeeded(action);
            Run.Outbox.Remove(entry);
            if (ledger is not null && result.Labels is { } labels)
            {
                ledger.Labels = [.. labels];
            }

            if (current is not null)
            {
                current.Delivery = Delivery.Delivered;
                current.DeliveredAt = now;
                current.LastError = null;
                current.DeadLetterId = null;
            }

            metrics.ActionSettled(Provider, type, "succeeded");
            Log.ActionDelivered(logger, _runKey, entry.LedgerKey, entry.GitHub?.State, entry.Attempts);
            return;
        }

        entry.LastError = result.Error;
        actionHealth.Failed(action, result.Error);
        if (result.Outcome == ActionOutcome.TransientFailure && (result.RateLimited || entry.Attempts + 1 < _outbox.MaxAttempts))
        {
            if (result.RateLimited)
            {
                // Waiting out a rate limit is not a failed attempt: the call was not made or GitHub refused them all.
                entry.RateLimitWaits++;
            }
            else
            {
                entry.Attempts++;
            }

            var wait = result.RetryAfter ?? Backoff(Math.Max(entry.Attempts, 1));
            entry.NextAttemptAt = now + wait;
            if (current is not null)
            {
                current.LastError = result.Error;
            }

            metrics.ActionRetried(Provider, type);
            Log.ActionRetry(logger, _runKey, entry.LedgerKey, entry.Attempts, wait, result.Error);
            return;
        }

        entry.Attempts++;
        var letter = DeadLetterFor(entry, result, now);
        try
        {
            await deadLetters.AddAsync(letter);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The store is unreachable: keep the entry and try again later rather than lose the failure.
            entry.NextAttemptAt = now + Backoff(entry.Attempts);
            Log.DeadLetterDeferred(logger, _runKey, entry.LedgerKey, exception.Message);
            return;
        }

        Run.Outbox.Remove(entry);
        if (current is not null)
        {
            current.Delivery = Delivery.Failed;
            current.LastError = result.Error;
            current.DeadLetterId = letter.Id;
        }

        metrics.ActionSettled(Provider, type, "failed");
        Log.ActionFailed(logger, _runKey, entry.LedgerKey, entry.Attempts, result.Error);
    }

    private DeadLetter DeadLetterFor(OutboxEntry entry, ActionResult result, DateTimeOffset now)
    {
        var command = entry.GitHub!;
        var previous = entry.DeadLetterId;
        return new DeadLetter
        {
            // A replay that fails again updates its own entry; a first failure gets an id derived from the entry.
            Id = previous ?? DeadLetterId(_runKey, entry.Id),
            RunKey = _runKey,
            LedgerKey = entry.LedgerKey,
            Provider = Provider,
            Action = entry.LedgerKey.Split('|', 2)[0],
            Type = command.Type,
            Command = command,
            EventKey = entry.EventKey,
            EventType = entry.EventType,
            Cause = result.Error ?? result.Outcome.ToString(),
            StatusCode = result.StatusCode,
            Attempts = entry.Attempts,
            PlannedAt = entry.EnqueuedAt,
            FirstAttemptAt = entry.FirstAttemptAt,
            FailedAt = now,
            OutboxId = entry.Id,
            Summary = command.Describe(),
        };
    }

    /// <summary>Deterministic: the same failure stored twice (after a crash) is one entry.</summary>
    internal static string DeadLetterId(string runKey, long outboxId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{runKey}#{outboxId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }

    async Task<ReplayOutcome> IPipelineRunGrain.ReplayAsync(DeadLetter letter)
    {
        _applying++;
        try
        {
            await _clearing;
            var row = Run.Ledger.GetValueOrDefault(letter.LedgerKey);
            if (Run.Outbox.Find(e => e.DeadLetterId == letter.Id || (row is not null && e.Id == letter.OutboxId)) is { } pending)
            {
                // Already on its way (a replay in progress, or the entry never left the outbox): never a second copy;
                // its delivery removes the letter.
                if (pending.DeadLetterId is null)
                {
                    pending.DeadLetterId = letter.Id;
                    await PersistAsync();
                }

                return ReplayOutcome.Enqueued;
            }

            if (row is not null && row.OutboxId != letter.OutboxId)
            {
                // A newer decision for this row exists: posting the old one would regress it.
                return ReplayOutcome.Superseded;
            }

            if (row is { Delivery: Delivery.Delivered })
            {
                return ReplayOutcome.AlreadyDelivered;
            }

            var now = timeProvider.GetUtcNow();
            var entry = new OutboxEntry
            {
                Id = letter.OutboxId > 0 && row is not null ? letter.OutboxId : Run.NextOutboxId++,
                LedgerKey = letter.LedgerKey,
                GitHub = letter.Command,
                EnqueuedAt = now,
                TraceParent = Activity.Current?.Id,
                EventKey = letter.EventKey,
                EventType = letter.EventType,
                DeadLetterId = letter.Id,
                Attempts = 0,
            };
            if (row is null)
            {
                // The run was forgotten (run_ttl) or never stored this row: the letter carries all it needs.
                Run.Ledger[letter.LedgerKey] = new LedgerEntry
                {
                    Action = letter.Action,
                    Context = letter.LedgerKey.Split('|', 2)[^1],
                    State = letter.Command.State ?? "",
                    Description = letter.Command.Description ?? "",
                    TargetUrl = letter.Command.TargetUrl,
                    Delivery = Delivery.Planned,
                    OutboxId = entry.Id,
                    PlannedAt = now,
                    DeadLetterId = letter.Id,
                };
                Run.LastEventAt ??= now;
                if (!Run.CleanupScheduled)
                {
                    await this.RegisterOrUpdateReminder(CleanupReminder, _runTtl, _runTtl);
                    Run.CleanupScheduled = true;
                }
            }
            else
            {
                row.Delivery = Delivery.Planned;
            }

            Run.Outbox.Add(entry);
            ReportPending();
            await PersistAsync();
            await SyncOutboxReminderAsync(releaseWhileRunning: false);
            ScheduleDrain();
            Log.DeadLetterReplayed(logger, _runKey, letter.Id, letter.LedgerKey);
            return ReplayOutcome.Enqueued;
        }
        finally
        {
            _applying--;
        }
    }

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
    /// Keeps the outbox reminder registered whenever the outbox holds entries: an entry persisted by an apply is
    /// covered before the apply returns. It is not removed after every drain, only once the run is terminal and
    /// drained, or when a tick finds the outbox empty (<paramref name="releaseWhileRunning"/>): one registration per
    /// run instead of one per burst of events. Applies and the drain interleave, so callers take turns and each
    /// re-checks after its awaits until reminder and outbox agree.
    /// </summary>
    private async Task SyncOutboxReminderAsync(bool releaseWhileRunning)
    {
        await _reminderGate.WaitAsync();
        try
        {
            while (true)
            {
                var pending = Run.Outbox.Count > 0;
                if (pending && !_reminderRegistered)
                {
                    _outboxReminder = await this.RegisterOrUpdateReminder(OutboxReminder, _outbox.ReminderPeriod, _outbox.ReminderPeriod);
                    _reminderRegistered = true;
                }
                else if (!pending && _reminderRegistered && (releaseWhileRunning || Run.Run?.State.IsTerminal() == true))
                {
                    if ((_outboxReminder ?? await this.GetReminder(OutboxReminder)) is { } reminder)
                    {
                        await this.UnregisterReminder(reminder);
                    }

                    _outboxReminder = null;
                    _reminderRegistered = false;
                }
                else
                {
                    return;
                }
            }
        }
        finally
        {
            _reminderGate.Release();
        }
    }
}
