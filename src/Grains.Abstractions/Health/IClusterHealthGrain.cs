namespace Relay.Health;

/// <summary>Asks every silo for its action counters and sums them (used by <c>/readyz</c> on any node).</summary>
[Alias("Relay.Health.IClusterHealthGrain")]
public interface IClusterHealthGrain : IGrainWithIntegerKey
{
    /// <summary>Read-only; answers with what the silos that replied in time reported.</summary>
    [Alias("report")]
    Task<ClusterHealthReport> GetReportAsync();
}
