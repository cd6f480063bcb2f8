using Relay.Configuration;

namespace Relay.Receiver.Auth;

/// <summary>The <c>server.auth</c> section: how senders and operators prove who they are (SPEC §1).</summary>
public sealed class IntakeAuthOptions
{
    /// <summary><c>server.auth.type</c>: <c>none</c> (default; Tekton cannot sign), <c>bearer</c> or <c>hmac-sha256</c>.</summary>
    [ConfigurationKeyName("type")]
    public string Type { get; set; } = AuthTypes.None;

    /// <summary>
    /// <c>server.auth.secret_file</c>: file holding the shared secret (surrounding whitespace ignored). Required unless
    /// the type is <c>none</c>; re-read when the file changes, so a rotated Kubernetes secret takes effect without a restart.
    /// </summary>
    [ConfigurationKeyName("secret_file")]
    public string? SecretFile { get; set; }

    /// <summary>
    /// <c>server.auth.timestamp_tolerance</c>: how far <c>X-Webhook-Timestamp</c> may be from this node's clock, either
    /// way, for <c>hmac-sha256</c>; also how long a signature is remembered to refuse replays. Default 5m.
    /// </summary>
    [ConfigurationKeyName("timestamp_tolerance")]
    public Duration TimestampTolerance { get; set; } = new(TimeSpan.FromMinutes(5));

    /// <summary>True when requests must authenticate (any type but <c>none</c>).</summary>
    public bool Enabled => !string.Equals(Type, AuthTypes.None, StringComparison.Ordinal);
}
