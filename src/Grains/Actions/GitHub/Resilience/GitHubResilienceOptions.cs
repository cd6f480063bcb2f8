using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Grains.Actions.GitHub.Resilience;

/// <summary>
/// <c>scm.github[].resilience</c> (SPEC §6): how one GitHub call is retried in process before its result goes back
/// to the run grain, whose durable outbox handles the long waits.
/// </summary>
public sealed class GitHubResilienceOptions
{
    /// <summary><c>max_retries</c>: in-process retries per call; 0 disables them. Default 2.</summary>
    [ConfigurationKeyName("max_retries")]
    public int MaxRetries { get; set; } = 2;

    /// <summary><c>base_delay</c>: first backoff delay, doubled per retry, with jitter. Default 1s.</summary>
    [ConfigurationKeyName("base_delay")]
    public Duration BaseDelay { get; set; } = new(TimeSpan.FromSeconds(1));

    /// <summary>
    /// <c>max_retry_wait</c>: the longest wait honoured in process. A longer <c>Retry-After</c> or rate-limit reset
    /// is not waited for here: the call fails transiently and the outbox retries after the wait. Default 5s.
    /// </summary>
    [ConfigurationKeyName("max_retry_wait")]
    public Duration MaxRetryWait { get; set; } = new(TimeSpan.FromSeconds(5));

    /// <summary><c>timeout</c>: per attempt. Default 10s.</summary>
    [ConfigurationKeyName("timeout")]
    public Duration Timeout { get; set; } = new(TimeSpan.FromSeconds(10));

    [ConfigurationKeyName("circuit_breaker")]
    public GitHubCircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
