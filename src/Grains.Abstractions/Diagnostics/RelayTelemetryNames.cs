namespace Relay.Diagnostics;

/// <summary>The names dashboards and exporters subscribe to; every assembly emits under these, never its own.</summary>
public static class RelayTelemetryNames
{
    /// <summary>The <c>Meter</c> of every Relay instrument (Prometheus prefix <c>relay_</c>).</summary>
    public const string Meter = "Relay";

    /// <summary>The <c>ActivitySource</c> of every Relay span.</summary>
    public const string ActivitySource = "Relay";

    /// <summary>
    /// Set on an outgoing request whose URL is a secret (a notifier's webhook URL): its HTTP client span records the
    /// scheme and host only.
    /// </summary>
    public static HttpRequestOptionsKey<bool> SecretUrl => new("relay.secret-url");
}
