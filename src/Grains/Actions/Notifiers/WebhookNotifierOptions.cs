using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>A signed webhook: a POST to <see cref="Url"/> signed like Relay's own intake expects.</summary>
public sealed class WebhookNotifierOptions : NotifierOptions
{
    /// <summary>The receiver's URL (http or https). Shown redacted: only scheme and host.</summary>
    [ConfigurationKeyName("url")]
    public string Url { get; set; } = "";

    /// <summary>A file holding the HMAC key (whitespace trimmed): <c>X-Relay-Signature-256</c> over "&lt;timestamp&gt;.&lt;body&gt;".</summary>
    [ConfigurationKeyName("secret_file")]
    public string? SecretFile { get; set; }

    /// <summary><c>cloudevents</c> (default: a structured CloudEvent <c>dev.relay.run.&lt;state&gt;.v1</c>) or <c>json</c>.</summary>
    [ConfigurationKeyName("format")]
    public string Format { get; set; } = "cloudevents";

    internal static readonly string[] Formats = ["cloudevents", "json"];
}
