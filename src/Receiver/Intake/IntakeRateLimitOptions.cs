namespace Relay.Receiver.Intake;

/// <summary>The <c>server.rate_limit</c> section: a token bucket per event source namespace (SPEC §1).</summary>
public sealed class IntakeRateLimitOptions
{
    /// <summary><c>server.rate_limit.enabled</c>: off by default (Tekton does not retry 429 forever). Default false.</summary>
    [ConfigurationKeyName("enabled")]
    public bool Enabled { get; set; }

    /// <summary><c>server.rate_limit.requests_per_second</c>: tokens added to each bucket per second. Default 100.</summary>
    [ConfigurationKeyName("requests_per_second")]
    public int RequestsPerSecond { get; set; } = 100;

    /// <summary><c>server.rate_limit.burst</c>: bucket size, the most requests taken at once. Default 200.</summary>
    [ConfigurationKeyName("burst")]
    public int Burst { get; set; } = 200;
}
