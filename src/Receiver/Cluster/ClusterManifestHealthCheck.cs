using Microsoft.Extensions.Diagnostics.HealthChecks;
using Relay.Events;

namespace Relay.Receiver.Cluster;

/// <summary>
/// Split-receiver readiness: healthy once the cluster manifest this client has received names an implementation of
/// the event grain. Just after connecting, a client holds a gateway before that manifest arrives, and every event
/// would get 503; it must not be put behind the Service yet.
/// </summary>
internal sealed class ClusterManifestHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Only resolves the grain type from the manifest; nothing is called.
            _ = grains.GetGrain<IEventGrain>("readiness");
            return Task.FromResult(HealthCheckResult.Healthy("the cluster's grain types are known"));
        }
        catch (ArgumentException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("waiting for the cluster's grain types"));
        }
    }
}
