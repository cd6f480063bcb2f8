using Relay.Configuration;
using Relay.Receiver.Auth;

namespace Relay.Receiver.Intake;

/// <summary>The <c>server</c> section (SPEC §1, §8).</summary>
public sealed class IntakeOptions
{
    /// <summary><c>server.max_body_size</c>: larger bodies get 413. Bytes or e.g. <c>2MiB</c>. Default 2 MiB.</summary>
    [ConfigurationKeyName("max_body_size")]
    public ByteSize MaxBodySize { get; set; } = new(2 * 1024 * 1024);

    /// <summary>
    /// <c>server.intake_timeout</c>: how long an event may wait for the cluster before it gets 503 and Tekton
    /// retransmits it. Default 10s.
    /// </summary>
    [ConfigurationKeyName("intake_timeout")]
    public Duration IntakeTimeout { get; set; } = new(TimeSpan.FromSeconds(10));

    /// <summary>
    /// <c>server.management_port</c>: when set, <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> are served on this port
    /// only (and nothing else is), so scrapers and probes can be admitted apart from Tekton's intake. Default: none, all
    /// endpoints share the port of <c>--urls</c>.
    /// </summary>
    [ConfigurationKeyName("management_port")]
    public int? ManagementPort { get; set; }

    /// <summary><c>server.auth</c>: intake, API and dashboard authentication. Default: none.</summary>
    [ConfigurationKeyName("auth")]
    public IntakeAuthOptions Auth { get; set; } = new();

    /// <summary><c>server.rate_limit</c>: per-namespace token bucket on intake. Default: off.</summary>
    [ConfigurationKeyName("rate_limit")]
    public IntakeRateLimitOptions RateLimit { get; set; } = new();
}
