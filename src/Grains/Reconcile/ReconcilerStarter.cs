using Microsoft.Extensions.Logging;
using Relay.Grains.Diagnostics;
using Relay.Reconcile;

namespace Relay.Grains.Reconcile;

/// <summary>
/// On every silo, once the silo is active, calls <see cref="IReconcilerGrain.StartAsync"/> (retrying until it answers or
/// the silo stops): the first call activates the cluster's one reconciler, the others find it running. Registered only
/// when <c>reconcile.enabled</c> is on.
/// </summary>
internal sealed partial class ReconcilerStarter(IGrainFactory grains, TimeProvider timeProvider, ILogger<ReconcilerStarter> logger)
    : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _starting = Task.CompletedTask;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReconcilerStarter), ServiceLifecycleStage.Active, OnActiveAsync, OnStopAsync);

    private Task OnActiveAsync(CancellationToken cancellationToken)
    {
        // In the background: a silo's start must not wait on a grain call that may need the rest of the cluster.
        _starting = StartReconcilerAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public void Dispose() => _stopping.Dispose();

    private async Task OnStopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _starting.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task StartReconcilerAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IReconcilerGrain>(IReconcilerGrain.ClusterKey).StartAsync();
                return;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.StartDeferred(logger, exception, delay);
            }

            try
            {
                await Task.Delay(delay, timeProvider, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.ReconcilerStartDeferred, EventName = "ReconcilerStartDeferred", Level = LogLevel.Warning,
            Message = "Could not reach the reconciler grain; trying again in {Delay}")]
        public static partial void StartDeferred(ILogger logger, Exception exception, TimeSpan delay);
    }
}
