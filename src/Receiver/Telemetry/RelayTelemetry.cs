using System.Diagnostics;
using Relay.Diagnostics;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Relay.Receiver.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts (the all-in-one silo and the split receiver): the <c>Relay</c> and
/// <c>Microsoft.Orleans</c> meters and .NET runtime metrics, exposed for Prometheus at <c>GET /metrics</c>; when
/// <c>telemetry.otlp_endpoint</c> is set, metrics and traces (ASP.NET Core, HttpClient, Orleans and Relay's own
/// ActivitySource) exported over OTLP (SPEC §1, §7). Without an endpoint no span is recorded.
/// </summary>
public static class RelayTelemetry
{
    /// <summary>The Prometheus scraping path.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Meters exported: Relay's own instruments and Orleans' (messaging, grains, membership, ...).</summary>
    public static readonly IReadOnlyList<string> Meters = [Relay.Diagnostics.RelayTelemetryNames.Meter, "Microsoft.Orleans"];

    /// <summary>Activity sources traced: Relay's spans and Orleans' grain calls (with activity propagation on).</summary>
    public static readonly IReadOnlyList<string> ActivitySources = [Relay.Diagnostics.RelayTelemetryNames.ActivitySource, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    public static WebApplicationBuilder AddRelayTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = builder.Configuration.GetSection("telemetry").Get<TelemetryOptions>()?.OtlpEndpoint;
        var otlpUri = Uri.TryCreate(otlp, UriKind.Absolute, out var parsed) ? parsed : null;
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter([.. Meters]).AddRuntimeInstrumentation().AddPrometheusExporter();
                if (otlpUri is not null)
                {
                    metrics.AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (otlpUri, OtlpExportProtocol.Grpc));
                }
            });
        if (otlpUri is not null)
        {
            // Spans only where they go somewhere: recorded for no exporter they cost CPU on every request and grain call.
            builder.Services.AddRelayTracing(tracing => tracing.AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (otlpUri, OtlpExportProtocol.Grpc)));
        }

        return builder;
    }

    /// <summary>Traces what <see cref="AddRelayTracing(TracerProviderBuilder)"/> names, to the exporter <paramref name="export"/> adds.</summary>
    public static IServiceCollection AddRelayTracing(this IServiceCollection services, Action<TracerProviderBuilder> export)
    {
        services.AddOpenTelemetry().WithTracing(tracing => export(AddRelayTracing(tracing)));
        return services;
    }

    /// <summary>What Relay traces: its own spans, Orleans' grain calls, ASP.NET Core requests (not probes or scrapes) and HttpClient calls.</summary>
    public static TracerProviderBuilder AddRelayTracing(TracerProviderBuilder tracing) =>
        tracing.AddSource([.. ActivitySources])
            .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsOperational(context.Request.Path))
            .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = RedactSecretUrl);

    /// <summary>A request marked <see cref="RelayTelemetryNames.SecretUrl"/> (a notifier's webhook) keeps only its scheme and host in its span.</summary>
    internal static void RedactSecretUrl(Activity activity, HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(RelayTelemetryNames.SecretUrl, out var secret) && secret && request.RequestUri is { } uri)
        {
            activity.SetTag("url.full", $"{uri.Scheme}://{uri.Authority}/[redacted]");
        }
    }

    /// <summary>Maps <c>GET /metrics</c> (open, like the health endpoints: scrapers rarely carry secrets).</summary>
    public static IEndpointRouteBuilder MapRelayMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }

    /// <summary>Scrapes and probes every few seconds would drown the traces that matter.</summary>
    private static bool IsOperational(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
