using OpenTelemetry.Metrics;

namespace Relay.Receiver.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts (the all-in-one silo and the split receiver): the <c>Relay</c> and
/// <c>Microsoft.Orleans</c> meters and .NET runtime metrics, exposed for Prometheus at <c>GET /metrics</c> (SPEC §1, §7).
/// </summary>
public static class RelayTelemetry
{
    /// <summary>The Prometheus scraping path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Meters exported: Relay's own instruments and Orleans' (messaging, grains, membership, ...).</summary>
    public static readonly IReadOnlyList<string> Meters = ["Relay", "Microsoft.Orleans"];

    public static WebApplicationBuilder AddRelayTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter([.. Meters])
            .AddRuntimeInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps <c>GET /metrics</c> (open, like the health endpoints: scrapers rarely carry secrets).</summary>
    public static IEndpointRouteBuilder MapRelayMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }
}
