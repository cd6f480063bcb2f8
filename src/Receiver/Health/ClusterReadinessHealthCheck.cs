using Microsoft.Extensions.Diagnostics.HealthChecks;
using Relay.Health;

namespace Relay.Receiver.Health;

/// <summary>
/// Readiness detail (SPEC §7): the cluster's silos and, per action instance, <c>{succeeded, failed, last_error,
/// last_error_at}</c> summed over every silo. Unhealthy when the cluster cannot be asked: this node cannot serve.
/// </summary>
internal sealed class ClusterReadinessHealthCheck(IGrainFactory grains, IntakeGate gate) : IHealthCheck
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!gate.IsOpen)
        {
            // The intake check already says why; asking the cluster now would only wait.
            return HealthCheckResult.Unhealthy("not asked: this node is not taking events");
        }

        try
        {
            var report = await grains.GetGrain<IClusterHealthGrain>(0).GetReportAsync().WaitAsync(Deadline, cancellationToken);
            var data = new Dictionary<string, object>
            {
                ["silos"] = report.Silos,
                ["actions"] = report.Actions.ToDictionary(a => a.Action, a => new
                {
                    succeeded = a.Succeeded,
                    failed = a.Failed,
                    last_error = a.LastError,
                    last_error_at = a.LastErrorAt,
                }),
            };
            if (report.Unreachable.Count > 0)
            {
                data["unreachable"] = report.Unreachable;
            }

            return HealthCheckResult.Healthy($"{report.Silos.Count(s => s.Value == "active")} active silo(s)", data);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the cluster did not answer: {exception.Message}");
        }
    }
}
