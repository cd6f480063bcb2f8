using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Grains.Actions.GitHub.Resilience;

/// <summary>
/// <c>scm.github[].resilience.circuit_breaker</c>: one breaker per instance and silo. While open, calls fail at once
/// (no request) with a transient result that asks the outbox to wait for the rest of the break.
/// </summary>
public sealed class GitHubCircuitBreakerOptions
{
    /// <summary><c>failure_ratio</c>: share of failed attempts (5xx, 429, network, timeout) that opens it. Default 0.5.</summary>
    [ConfigurationKeyName("failure_ratio")]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary><c>minimum_throughput</c>: attempts within the sampling window before the ratio counts (at least 2). Default 10.</summary>
    [ConfigurationKeyName("minimum_throughput")]
    public int MinimumThroughput { get; set; } = 10;

    /// <summary><c>sampling_duration</c>: the window over which the ratio is computed. Default 30s.</summary>
    [ConfigurationKeyName("sampling_duration")]
    public Duration SamplingDuration { get; set; } = new(TimeSpan.FromSeconds(30));

    /// <summary><c>break_duration</c>: how long it stays open before one trial call. Default 30s.</summary>
    [ConfigurationKeyName("break_duration")]
    public Duration BreakDuration { get; set; } = new(TimeSpan.FromSeconds(30));
}
