using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Relay.Receiver.Health;

/// <summary>Readiness: healthy while the <see cref="IntakeGate"/> is open.</summary>
internal sealed class IntakeGateHealthCheck(IntakeGate gate) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(gate.ClosedReason is { } reason
            ? HealthCheckResult.Unhealthy($"not taking events: {reason}")
            : HealthCheckResult.Healthy("taking events"));
}
