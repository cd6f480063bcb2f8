namespace Relay.Receiver.Telemetry;

/// <summary>
/// Console logs for both hosts: one JSON object per line by default (<c>Logging:format: json</c>), or one plain line
/// (<c>text</c>). Scopes are included, and every entry logged inside a trace carries its <c>TraceId</c> and
/// <c>SpanId</c>, so a log line leads to its trace. Relay logs no secret and no request body.
/// </summary>
public static class RelayLogging
{
    /// <summary>The configuration key choosing the format (<c>logging.format</c> in YAML: keys ignore case).</summary>
    public const string FormatKey = "Logging:format";

    public static readonly IReadOnlyList<string> Formats = ["json", "text"];

    public static WebApplicationBuilder AddRelayLogging(this WebApplicationBuilder builder)
    {
        var format = builder.Configuration[FormatKey] ?? "json";
        builder.Logging.ClearProviders();
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        else
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }

        return builder;
    }

    /// <summary>The <c>--validate</c> check of <c>logging.format</c>.</summary>
    public static IEnumerable<string> Validate(IConfiguration configuration)
    {
        if (configuration[FormatKey] is { } format && !Formats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"logging.format: unknown '{format}' (known: {string.Join(", ", Formats)})";
        }
    }
}
