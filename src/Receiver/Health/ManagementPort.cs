using Relay.Receiver.Telemetry;

namespace Relay.Receiver.Health;

/// <summary>
/// <c>server.management_port</c>: a second listener for <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>. With it set,
/// those paths answer only there and everything else (intake, API, dashboard) only on the main port, so a
/// NetworkPolicy can admit Prometheus to one port and Tekton to the other.
/// </summary>
public static class ManagementPort
{
    private static readonly string[] Paths = [RelayTelemetry.MetricsPath, "/healthz", "/readyz"];

    /// <summary>The configured port, or null.</summary>
    public static int? From(IConfiguration configuration) =>
        configuration.GetSection("server").GetValue<int?>("management_port");

    /// <summary>Adds the management listener beside the <c>--urls</c> ones, on the same host as the first of them.</summary>
    public static WebApplicationBuilder AddRelayManagementPort(this WebApplicationBuilder builder)
    {
        if (From(builder.Configuration) is not { } port || port is < 1 or > 65535)
        {
            return builder;
        }

        var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey) is { Length: > 0 } configured ? configured : "http://localhost:5000";
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        var host = first.Split("://", 2) is [_, var rest] ? rest.Split(':')[0].TrimEnd('/') : "localhost";
        builder.WebHost.UseSetting(WebHostDefaults.ServerUrlsKey, $"{urls};http://{host}:{port}");
        return builder;
    }

    /// <summary>Answers 404 to management paths on the main port and to anything else on the management port.</summary>
    public static WebApplication UseRelayManagementPort(this WebApplication app)
    {
        if (From(app.Configuration) is not { } port)
        {
            return app;
        }

        app.Use((context, next) =>
        {
            var onManagementPort = context.Connection.LocalPort == port;
            var managementPath = Paths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
            if (onManagementPort != managementPath)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });
        return app;
    }

}
