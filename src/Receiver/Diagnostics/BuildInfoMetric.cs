using System.Diagnostics.Metrics;

namespace Relay.Receiver.Diagnostics;

/// <summary>Publishes <c>relay_build_info</c> from start-up on (not only once the first event arrives).</summary>
internal sealed class BuildInfoMetric : IHostedService
{
    private readonly Meter _meter;

    public BuildInfoMetric(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(RelayMetrics.MeterName);
        RelayBuildInfo.CreateMetric(_meter);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
