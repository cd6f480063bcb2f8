using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Relay.Grains.Diagnostics;
using Relay.Grains.Storage;
using Relay.Reconcile;

namespace Relay.Grains.Reconcile;

/// <summary>
/// The cluster's single reconciler (<see cref="IReconcilerGrain"/>, key <see cref="IReconcilerGrain.ClusterKey"/>). Its
/// timer runs one scan every <c>reconcile.interval</c> through the silo's <see cref="IRunReconciler"/>; scans never
/// overlap (the next tick is scheduled after the previous one ends). Every silo calls <see cref="StartAsync"/> at start
/// and a reminder re-activates the grain on a surviving silo after its silo died, so exactly one scanner runs while
/// the cluster has a silo. The watched set is written after each scan that changed it.
/// </summary>
[GrainType("reconciler"), Reentrant]
internal sealed partial class ReconcilerGrain(
    [PersistentState(RelayStorage.ReconcilerState, RelayStorage.Runs)] IPersistentState<ReconcilerGrainState> state,
    IOptions<ReconcileOptions> options,
    IServiceProvider services,
    TimeProvider timeProvider,
    ILogger<ReconcilerGrain> logger) : Grain, IReconcilerGrain, IRemindable
{
    /// <summary>The most runs the watched set holds; over it, those seen longest ago are dropped (docs/reconcile.md).</summary>
    public const int MaxWatched = 10_000;

    /// <summary>The keep-alive reminder: Orleans' floor is one minute, the timer does the real work.</summary>
    public const string KeepAliveReminder = "reconcile";

    /// <summary>A scan that takes longer than this is cancelled; the next one starts over.</summary>
    public static readonly TimeSpan ScanDeadline = TimeSpan.FromMinutes(2);

    private readonly ReconcileOptions _options = options.Value;
    private readonly IRunReconciler? _scanner = services.GetService<IRunReconciler>();
    private IGrainTimer? _timer;
    private int _scans;
    private DateTimeOffset? _lastScanAt;

    private bool Enabled => _options.Enabled && _scanner is not null;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            _timer = this.RegisterGrainTimer(ScanAsync, new GrainTimerCreationOptions
            {
                DueTime = TimeSpan.Zero,
                Period = _options.Interval.Value,
                Interleave = false,
                KeepAlive = true,
            });
            Log.ReconcilerStarted(logger, RuntimeIdentity, _options.Interval.Value);
        }

        return Task.CompletedTask;
    }

    public async Task<ReconcilerStatus> StartAsync()
    {
        if (Enabled)
        {
            await this.RegisterOrUpdateReminder(KeepAliveReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        }
        else if (await this.GetReminder(KeepAliveReminder) is { } stale)
        {
            // Reconcile was turned off: stop the reminder that would wake the grain for nothing.
            await this.UnregisterReminder(stale);
        }

        return Status();
    }

    public Task<ReconcilerStatus> GetStatusAsync() => Task.FromResult(Status());

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        // Being activated is the point (OnActivateAsync started the timer); after reconcile was turned off, stop waking.
        if (!Enabled && reminderName == KeepAliveReminder && await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private ReconcilerStatus Status() => new()
    {
        Running = _timer is not null,
        Silo = RuntimeIdentity,
        Scans = _scans,
        Watched = state.State.Watched.Count,
        LastScanAt = _lastScanAt,
    };

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ScanDeadline);
        ReconcileScan scan;
        try
        {
            scan = await _scanner!.ScanAsync(state.State.Watched.Values.ToList(), deadline.Token);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The scanner counts and logs API failures itself; this is anything else (a cancelled scan, a grain call).
            Log.ScanFailed(logger, exception);
            return;
        }

        _scans++;
        _lastScanAt = timeProvider.GetUtcNow();
        var next = scan.Watched
            .OrderByDescending(w => w.LastSeenAt)
            .Take(MaxWatched)
            .ToDictionary(w => w.Key, StringComparer.Ordinal);
        if (!SameWatched(state.State.Watched, next))
        {
            state.State.Watched = next;
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Memory is ahead of storage: the next scan writes again; after a failover the set is older, not wrong.
                Log.StateWriteFailed(logger, exception);
            }
        }
    }

    /// <summary>Equal keys and uids (LastSeenAt alone changing every scan is not worth a write per scan).</summary>
    private static bool SameWatched(Dictionary<string, WatchedRun> current, Dictionary<string, WatchedRun> next) =>
        current.Count == next.Count
        && next.All(pair => current.TryGetValue(pair.Key, out var known) && known.Uid == pair.Value.Uid);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.ReconcilerStarted, EventName = "ReconcilerStarted", Level = LogLevel.Information,
            Message = "Reconciler active on {Silo}, scanning every {Interval}")]
        public static partial void ReconcilerStarted(ILogger logger, string silo, TimeSpan interval);

        [LoggerMessage(EventId = LogEventIds.ReconcileScanFailed, EventName = "ReconcileScanFailed", Level = LogLevel.Warning,
            Message = "A reconcile scan failed; the next one starts over")]
        public static partial void ScanFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = LogEventIds.ReconcilerStateWriteFailed, EventName = "ReconcilerStateWriteFailed", Level = LogLevel.Warning,
            Message = "The reconciler's watched runs could not be written; the next scan tries again")]
        public static partial void StateWriteFailed(ILogger logger, Exception exception);
    }
}
