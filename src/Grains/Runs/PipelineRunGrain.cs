using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
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
/// a write refused for a stale etag because another activation wrote retires the activation so the next one reads
/// storage. This file holds the calls; the write discipline is in <c>PipelineRunGrain.Storage.cs</c>, the outbox drain
/// in <c>.Delivery.cs</c>, the end of a record in <c>.Cleanup.cs</c>. The invariants are in <c>Runs/README.md</c>.
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

    private RunOutbox _outbox = null!;
    private string _runKey = "";
    private IGrainTimer? _drainTimer;
    private EffectDeliveries _deliveries = null!;
    private OutboxReminder _outboxReminder = null!;
    private RunIndexReporter _index = null!;
    private bool _draining;
    private int _applying;
    private Task _clearing = Task.CompletedTask;

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
        InheritOutbox();
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
        _deactivating = true;
        // Nothing in flight: the record may say the outbox is handed over whole, and the next activation sends it at once.
        // An attempt still on its way (a deactivation does not wait for the drain) leaves it unreleased: the next
        // activation waits a deadline and looks before sending what this one may be sending.
        var release = Run.Outbox.Count > 0 && !_draining && _inherited.Count == 0;
        if (!_retired && (_version != _persisted || (release && !Run.Released)))
        {
            try
            {
                // A settled delivery not yet stored would be sent again by the next activation, and a planned one would
                // wait for the next event: store both if storage takes them, and keep the reminder that resumes them.
                _releasing = release;
                _version++;
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

    private void ReportPending()
    {
        metrics.OutboxChanged(Run.Outbox.Count - _pendingReported);
        _pendingReported = Run.Outbox.Count;
    }
}
