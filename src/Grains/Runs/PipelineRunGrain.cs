using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Relay.Actions;
using Relay.DeadLetters;
using Relay.Events;
using Relay.Grains.Actions;
using Relay.Grains.Diagnostics;
using Relay.Grains.Events;
using Relay.Grains.Health;
using Relay.Grains.Runs.Index;
using Relay.Grains.Runs.RunModel;
using Relay.Grains.Storage;
using Relay.Runs;

namespace Relay.Grains.Runs;

/// <summary>
/// One grain per PipelineRun (or standalone TaskRun/CustomRun). The rules live in the plain classes of
/// <c>Runs/RunModel</c> (accumulate, plan, outbox, settle, replay); this grain activates, writes, schedules and awaits.
/// A change is trusted only once written: nothing held in memory alone is ever answered as recorded or delivered, and
/// a write refused for a stale etag (another activation wrote, or an unclear write did land) retires the activation so
/// the next one reads storage. The invariants are in <c>Runs/README.md</c>.
/// </summary>
[GrainType("pipelinerun"), CollectionAgeLimit(Minutes = 2)]
internal sealed partial class PipelineRunGrain(
    [PersistentState(RelayStorage.RunState, RelayStorage.Runs)] IPersistentState<PipelineRunGrainState> state,
    RunPlanner planner,
    IEnumerable<ILegacyEffectReader> legacyReaders,
    IOptions<OutboxOptions> outboxOptions,
    IOptions<RunRetentionOptions> retentionOptions,
    IOptions<DedupeOptions> dedupeOptions,
    IOptions<SiloMessagingOptions> messaging,
    TimeProvider timeProvider,
    ActionHealth actionHealth,
    IDeadLetterSink deadLetters,
    RelayMetrics metrics,
    ILogger<PipelineRunGrain> logger) : Grain, IPipelineRunGrain, IRemindable, IDisposable
{
    private const string CleanupReminder = "cleanup";

    /// <summary>
    /// At most this many attempts of one run are in flight at once (each on its own row). One: a silo killed between the
    /// provider's answers and the write that settles them re-sends every attempt of the batch, and with 8 the kill -9
    /// cluster test saw a status posted twice. Raising it trades that window for throughput (docs/benchmarks.md).
    /// </summary>
    internal const int MaxAttemptsInFlight = 1;
    private readonly OutboxOptions _options = outboxOptions.Value;
    private readonly RetryPolicy _retry = new(outboxOptions.Value);
    private readonly TimeSpan _runTtl = retentionOptions.Value.Ttl.Value;
    private readonly TimeSpan _tombstoneKept = RunRetentionOptions.TombstoneKept(retentionOptions.Value.Ttl.Value, dedupeOptions.Value.Ttl.Value);
    private readonly TimeSpan _deadline = DeliveryDeadline(outboxOptions.Value, messaging.Value);

    // Writes of one IPersistentState must not overlap (its etag): applies, drain and cleanup take turns.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private RunOutbox _outbox = null!;
    private string _runKey = "";
    private IGrainTimer? _drainTimer;
    private EffectDeliveries _deliveries = null!;
    private OutboxReminder _outboxReminder = null!;
    private RunIndexReporter _index = null!;
    private bool _draining;
    private int _applying;
    private Task _clearing = Task.CompletedTask;

    // Changes made in memory (_version) and the newest one storage holds (_persisted). A failed write retires the
    // activation (_retired): from then on it answers nothing, and the next activation reads what storage holds.
    private long _version;
    private long _persisted;
    private bool _retired;
    private bool _fenced;

    // This activation's mark on the records it writes, and whether a write of it failed without a clear answer since its
    // last stored one (it may land later: see OverwriteOwnRecordAsync).
    private readonly string _writer = Guid.NewGuid().ToString("N");
    private bool _unclearWrite;

    // What this activation has added to relay.outbox.pending, so the gauge follows the outbox whatever changes it.
    private long _pendingReported;

    private PipelineRunGrainState Run => state.State;

    public void Dispose()
    {
        _writeGate.Dispose();
        _outboxReminder?.Dispose();
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _runKey = this.GetPrimaryKeyString();
        _outboxReminder = new OutboxReminder(this, _options.ReminderPeriod);
        _index = new RunIndexReporter(GrainFactory, _runKey, timeProvider, logger);
        _deliveries = new EffectDeliveries(GrainFactory.GetGrain<IEffectExecutorGrain>(0), _runKey, _deadline);
        RunStateUpgrade.Upgrade(Run, legacyReaders.ToArray(), state.RecordExists);
        _outbox = new RunOutbox(Run, _retry, _options.BehindAfter);
        ReportPending();
        if (HasWork)
        {
            ScheduleDrain();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.OutboxChanged(-_pendingReported);
        _pendingReported = 0;
        if (!_retired && _version != _persisted)
        {
            try
            {
                // A settled delivery not yet stored would be sent again by the next activation, and a planned one would
                // wait for the next event: store both if storage takes them, and keep the reminder that resumes them.
                await PersistAsync();
                await SyncOutboxReminderAsync(releaseWhileRunning: false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.StateWriteFailed(logger, _runKey, exception.Message);
            }
        }
    }

    async Task<ApplyOutcome> IPipelineRunGrain.ApplyAsync(RelayEvent relayEvent)
    {
        // Counted before the first await: a cleanup that interleaves sees this apply and backs off.
        _applying++;
        try
        {
            await EnterAsync();
            var now = timeProvider.GetUtcNow();
            var accumulation = RunAccumulator.Accumulate(Run, relayEvent, now);
            switch (accumulation)
            {
                case Accumulation.AlreadyRecorded:
                    // Answered only once what recorded it is durable, and its delivery scheduled (a retry after a
                    // failed reminder registration lands here and registers it).
                    await MakeDurableAsync();
                    return ApplyOutcome.AlreadyRecorded;
                case Accumulation.OfRetiredRun or Accumulation.OfForgottenRun:
                    // The state that says so (a restart, a tombstone) must be stored before it is relied on.
                    await MakeDurableAsync();
                    Log.EventIgnored(logger, relayEvent.EventKey, _runKey, accumulation);
                    return ApplyOutcome.Recorded;
                case Accumulation.Restarted:
                    Log.RunRestarted(logger, _runKey, relayEvent.RunUid);
                    break;
            }

            RunTimeline.Record(Run, relayEvent, now);
            var trigger = new EffectTrigger(relayEvent.EventKey, relayEvent.EventType, Activity.Current?.Id);
            var superseded = _outbox.Superseded;
            var planned = _outbox.Enqueue(planner.Plan(Run), trigger, now);
            metrics.StatesDropped(_outbox.Superseded - superseded);
            _version++;
            ReportPending();
            await PersistAsync();
            Log.EventRecorded(logger, relayEvent.EventKey, _runKey, relayEvent.State, planned);
            if (planned > 0)
            {
                // Nothing added or replaced: whatever waits is already scheduled.
                await ScheduleDeliveryAsync();
            }
            return ApplyOutcome.Recorded;
        }
        finally
        {
            _applying--;
        }
    }

    Task<RunSnapshot> IPipelineRunGrain.GetSnapshotAsync() =>
        Task.FromResult(RunSnapshots.From(_runKey, state.RecordExists || Run.RecordedEvents.Count > 0, Run));

    async Task<ReplayOutcome> IPipelineRunGrain.ReplayAsync(DeadLetter letter)
    {
        _applying++;
        try
        {
            await EnterAsync();
            var outcome = _outbox.Replay(letter, new EffectTrigger(letter.EventKey, letter.EventType, Activity.Current?.Id), timeProvider.GetUtcNow(), out var changed);
            if (changed)
            {
                _version++;
                ReportPending();
            }

            await MakeDurableAsync();
            if (outcome == ReplayOutcome.Enqueued)
            {
                Log.DeadLetterReplayed(logger, _runKey, letter.Id, letter.LedgerKey);
            }

            return outcome;
        }
        finally
        {
            _applying--;
        }
    }

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_retired)
        {
            return Task.CompletedTask;
        }

        if (reminderName == CleanupReminder)
        {
            return CleanUpIfDoneAsync();
        }

        // Safety net after a crash or a move: the activation that receives this drains what is left.
        _outboxReminder.Ticked();
        if (!HasWork)
        {
            // Nothing pending at a tick: let it go even if the run is still going; the next effect registers it again.
            return SyncOutboxReminderAsync(releaseWhileRunning: true);
        }

        ScheduleDrain();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The start of every call that may change the run: wait out a clear in progress, refuse when retired, and make sure
    /// the cleanup reminder exists — registered before the state says so, so a lost registration never leaves state
    /// forever.
    /// </summary>
    private async Task EnterAsync()
    {
        await _clearing;
        ThrowIfRetired();
        if (!Run.CleanupScheduled)
        {
            await this.RegisterOrUpdateReminder(CleanupReminder, _runTtl, _runTtl);
            Run.CleanupScheduled = true;
            ThrowIfRetired();
        }
    }

    private bool HasWork => Run.Outbox.Count > 0 || Run.LetterRemovals.Count > 0;

    /// <summary>Writes what memory holds if storage does not hold it yet, then makes sure delivery is scheduled.</summary>
    private async Task MakeDurableAsync()
    {
        if (_version != _persisted)
        {
            await PersistAsync();
        }

        await ScheduleDeliveryAsync();
    }

    /// <summary>The drain timer first (in memory), then the reminder that survives the activation.</summary>
    private async Task ScheduleDeliveryAsync()
    {
        if (!HasWork)
        {
            return;
        }

        ScheduleDrain();
        await SyncOutboxReminderAsync(releaseWhileRunning: false);
    }

    private async Task PersistAsync()
    {
        // Applies interleave: while one write is on its way, the next events change memory. The write that begins next
        // holds all of them, and every caller whose change it holds returns without a write of its own (group commit).
        var wanted = _version;
        await _writeGate.WaitAsync();
        try
        {
            ThrowIfRetired();
            if (_persisted >= wanted && _fenced)
            {
                return;
            }

            var version = _version;
            var held = _outbox.BeginWrite();
            Run.Writer = _writer;
            try
            {
                await state.WriteStateAsync();
            }
            catch (InconsistentStateException conflict) when (_unclearWrite)
            {
                // A write of ours whose reply was lost may have landed since (and deliveries settled after it began would
                // be lost with a retirement): if the record is ours, write over it.
                await OverwriteOwnRecordAsync(conflict);
            }
            catch (InconsistentStateException conflict)
            {
                throw Retire(conflict);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Storage refused or timed out: memory keeps the change, unanswered and undelivered until a write holds
                // it (the caller's retry, the next event or the next drain writes it). An unclear write that did land
                // shows up as a stale etag on the next one (OverwriteOwnRecordAsync).
                _unclearWrite = true;
                Log.StateWriteFailed(logger, _runKey, exception.Message);
                throw new RunStateUnavailableException($"run {_runKey}: its state could not be stored ({exception.Message}); retry", exception);
            }

            _unclearWrite = false;
            _persisted = Math.Max(_persisted, version);
            _fenced = true;
            _outbox.Written(held);
            // The listing follows what storage holds; one-way and never throws (Runs/Index/RunIndexReporter).
            _index.Report(Run);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>
    /// A write met a stale etag after an earlier write of this activation failed without a clear answer: reads the record
    /// back and, if this activation wrote it (that lost write landed, and nobody wrote since), writes memory over it with
    /// the fresh etag. Memory holds all that record does and what happened since, settled deliveries included, which a
    /// retirement would lose (the next activation would send them again). A record of another writer retires.
    /// </summary>
    private async Task OverwriteOwnRecordAsync(InconsistentStateException conflict)
    {
        var mine = state.State;
        PipelineRunGrainState stored;
        try
        {
            await state.ReadStateAsync();
            stored = state.State;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.StateWriteFailed(logger, _runKey, exception.Message);
            throw new RunStateUnavailableException($"run {_runKey}: its stored record could not be read back after a stale write ({exception.Message}); retry", exception);
        }
        finally
        {
            state.State = mine;
        }

        if (!string.Equals(stored.Writer, _writer, StringComparison.Ordinal))
        {
            throw Retire(conflict);
        }

        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException again)
        {
            throw Retire(again);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.StateWriteFailed(logger, _runKey, exception.Message);
            throw new RunStateUnavailableException($"run {_runKey}: its state could not be stored ({exception.Message}); retry", exception);
        }
    }

    /// <summary>
    /// Storage holds a record this activation did not write (its etag is stale): stop answering and delivering and let
    /// the next activation read what storage holds. Callers see <see cref="RunStateUnavailableException"/> (503).
    /// </summary>
    private RunStateUnavailableException Retire(Exception cause)
    {
        if (!_retired)
        {
            _retired = true;
            Log.StateWriteFailed(logger, _runKey, cause.Message);
            DeactivateOnIdle();
        }

        return new RunStateUnavailableException($"run {_runKey}: storage holds a record this activation did not write ({cause.Message}); retry", cause) { Retired = true };
    }

    private void ThrowIfRetired()
    {
        if (_retired)
        {
            throw new RunStateUnavailableException($"run {_runKey}: the activation is being replaced after a stale write; retry") { Retired = true };
        }
    }

    private void ScheduleDrain()
    {
        if (_draining || _retired)
        {
            return;
        }

        var due = _outbox.NextDueIn(timeProvider.GetUtcNow());
        if (due is null && Run.LetterRemovals.Count > 0)
        {
            due = _options.InitialBackoff;
        }

        if (due is not null)
        {
            ArmDrainTimer(due.Value);
        }
    }

    /// <summary>Storage refused a write: deliveries pause and the drain tries again (writing first) after a backoff.</summary>
    private void RescheduleAfterFailedWrite()
    {
        if (!_retired)
        {
            ArmDrainTimer(_options.InitialBackoff);
        }
    }

    private void ArmDrainTimer(TimeSpan due)
    {
        if (_drainTimer is null)
        {
            _drainTimer = this.RegisterGrainTimer(DrainAsync, new GrainTimerCreationOptions
            {
                DueTime = due,
                Period = Timeout.InfiniteTimeSpan,
                Interleave = true,
                KeepAlive = true,
            });
        }
        else
        {
            _drainTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_draining || _retired)
        {
            return;
        }

        _draining = true;
        try
        {
            if (!_fenced || _version != _persisted)
            {
                // Deliveries follow a write of this activation's own: its etag fences off any activation still running
                // elsewhere, and a settle that storage refused is stored before anything else is sent.
                _version++;
                await PersistAsync();
            }

            await RemoveReplayedLettersAsync();
            while (!cancellationToken.IsCancellationRequested && !_retired && _outbox.NextBatch(timeProvider.GetUtcNow(), MaxAttemptsInFlight) is { Count: > 0 } batch)
            {
                // In flight until settled: an apply interleaving at any await in between must queue a newer decision
                // for the row behind an entry, not rewrite it. Rows are independent: their attempts go together, and
                // one write settles them all.
                var now = timeProvider.GetUtcNow();
                foreach (var entry in batch)
                {
                    _outbox.BeginAttempt(entry, now);
                }

                var results = await Task.WhenAll(batch.Select(entry => _deliveries.DeliverAsync(entry, _outbox.MemoFor(entry))));
                for (var i = 0; i < batch.Count; i++)
                {
                    await SettleAsync(batch[i], results[i]);
                }

                _version++;
                ReportPending();
                await PersistAsync();
                await RemoveReplayedLettersAsync();
            }

            await SyncOutboxReminderAsync(releaseWhileRunning: false);
            if (!HasWork && _applying == 0 && Run.Run?.State.IsTerminal() == true)
            {
                // Finished and delivered: free the memory now; a late event re-reads the stored state.
                DeactivateOnIdle();
            }
        }
        catch (RunStateUnavailableException) when (_retired)
        {
            // Retired: the next activation resumes from storage (the outbox reminder brings it).
            return;
        }
        catch (RunStateUnavailableException)
        {
            // Storage refused a write: deliveries pause until one succeeds (tried again after a backoff).
            _draining = false;
            RescheduleAfterFailedWrite();
            return;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The reminder service or a grain call failed: keep the timer going rather than wait for the next event.
            Log.DrainFailed(logger, _runKey, exception.Message);
        }
        finally
        {
            _draining = false;
        }

        ScheduleDrain();
    }

    private async Task SettleAsync(OutboxEntry entry, ActionResult result)
    {
        var now = timeProvider.GetUtcNow();
        var effect = entry.Effect;
        var provider = effect?.Provider ?? "unknown";
        var type = effect?.Type ?? "unknown";
        var action = LedgerKey.ActionOf(entry.LedgerKey);
        var settlement = _outbox.Settle(entry, result, now, _runKey);
        switch (settlement.Kind)
        {
            case SettlementKind.Delivered:
                actionHealth.Succeeded(action);
                metrics.ActionSettled(provider, type, result.SupersededBy is null ? "succeeded" : "superseded");
                Log.ActionDelivered(logger, _runKey, entry.LedgerKey, effect?.Summary, entry.Attempts);
                return;
            case SettlementKind.Retry:
                actionHealth.Failed(action, result.Error);
                metrics.ActionRetried(provider, type);
                Log.ActionRetry(logger, _runKey, entry.LedgerKey, entry.Attempts, settlement.Wait ?? TimeSpan.Zero, result.Error);
                return;
        }

        actionHealth.Failed(action, result.Error);
        var letter = settlement.Letter!;
        try
        {
            await deadLetters.AddAsync(letter);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _outbox.DeadLetterDeferred(entry, now);
            Log.DeadLetterDeferred(logger, _runKey, entry.LedgerKey, exception.Message);
            return;
        }

        _outbox.DeadLettered(entry, letter);
        metrics.ActionSettled(provider, type, "failed");
        Log.ActionFailed(logger, _runKey, entry.LedgerKey, entry.Attempts, result.Error);
    }

    /// <summary>Replayed letters leave the store once their delivery is written; repeated until the store answers.</summary>
    private async Task RemoveReplayedLettersAsync()
    {
        while (Run.LetterRemovals.Count > 0 && !_retired)
        {
            var id = Run.LetterRemovals[0];
            try
            {
                await deadLetters.RemoveAsync(id, ReplayOutcome.Enqueued);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.DeadLetterRemovalDeferred(logger, _runKey, id, exception.Message);
                return;
            }

            Run.LetterRemovals.Remove(id);
            _version++;
        }
    }

    /// <summary>
    /// Forgets a run once nothing is pending and no event came for <c>run_ttl</c>: first its details (a tombstone keeps
    /// its identity another <c>run_ttl</c>, or longer so that its event keys are held <c>dedupe_ttl</c>, so late events post
    /// nothing), then the record itself. The reminders are
    /// removed only after the record is gone, so a failure at any step leaves a reminder that tries again.
    /// </summary>
    private async Task CleanUpIfDoneAsync()
    {
        if (!IsIdle())
        {
            return;
        }

        if (state.RecordExists && Run.ForgottenAt is null)
        {
            var idle = timeProvider.GetUtcNow() - (Run.LastEventAt ?? DateTimeOffset.MinValue);
            RunAccumulator.Forget(Run, timeProvider.GetUtcNow());
            _version++;
            await PersistAsync();
            Log.RunForgotten(logger, _runKey, idle);
            return;
        }

        if (timeProvider.GetUtcNow() - (Run.LastEventAt ?? DateTimeOffset.MinValue) < _tombstoneKept)
        {
            // The tombstone answers for the run's event keys until dedupe_ttl has passed (the event grains keep none).
            return;
        }

        // From here no apply may touch the state until it is cleared; new ones wait and start afresh.
        var cleared = new TaskCompletionSource();
        _clearing = cleared.Task;
        await _writeGate.WaitAsync();
        try
        {
            ThrowIfRetired();
            try
            {
                await state.ClearStateAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw Retire(exception);
            }

            _outbox = new RunOutbox(Run, _retry, _options.BehindAfter);
            _version = _persisted = 0;
        }
        finally
        {
            _writeGate.Release();
            cleared.SetResult();
        }

        foreach (var name in new[] { OutboxReminder.Name, CleanupReminder })
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        _outboxReminder.Forget();
        Log.RunTombstoneRemoved(logger, _runKey);
        DeactivateOnIdle();
    }

    private bool IsIdle() =>
        !HasWork && !_draining && _applying == 0
        && timeProvider.GetUtcNow() - (Run.LastEventAt ?? DateTimeOffset.MinValue) >= _runTtl;

    private void ReportPending()
    {
        metrics.OutboxChanged(Run.Outbox.Count - _pendingReported);
        _pendingReported = Run.Outbox.Count;
    }

    /// <summary>The configured attempt deadline, never more than 80 % of the grain response timeout.</summary>
    internal static TimeSpan DeliveryDeadline(OutboxOptions options, SiloMessagingOptions messaging)
    {
        var cap = messaging.ResponseTimeout * 0.8;
        return options.DeliveryTimeout < cap ? options.DeliveryTimeout : cap;
    }

    /// <summary>The outbox reminder follows the work (<see cref="OutboxReminder"/>); <paramref name="releaseWhileRunning"/> on an idle tick.</summary>
    private Task SyncOutboxReminderAsync(bool releaseWhileRunning) =>
        _outboxReminder.SyncAsync(() => HasWork, () => releaseWhileRunning || Run.Run?.State.IsTerminal() == true, () => _retired);
}
