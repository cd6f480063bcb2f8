namespace Relay.Receiver.Telemetry;

/// <summary>The <c>telemetry</c> section (SPEC §7).</summary>
public sealed class TelemetryOptions
{
    /// <summary>
    /// <c>telemetry.otlp_endpoint</c>: an OTLP/gRPC collector (e.g. <c>http://otel-collector:4317</c>) that receives
    /// traces and metrics. Unset (default): nothing is exported over OTLP; Prometheus <c>/metrics</c> works either way.
    /// </summary>
    [ConfigurationKeyName("otlp_endpoint")]
    public string? OtlpEndpoint { get; set; }
}
