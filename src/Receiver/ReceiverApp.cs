using Relay.Receiver.Cluster;
using Relay.Receiver.Configuration;
using Relay.Receiver.Health;
using Relay.Receiver.Telemetry;

namespace Relay.Receiver;

/// <summary>The composition of a split receiver: intake, health and API endpoints over an Orleans client.</summary>
public static class ReceiverApp
{
    /// <param name="args">Command line: <c>--config PATH</c>, <c>--urls URL</c>, and any <c>--section:key=value</c> override.</param>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddRelayConfiguration();
        builder.Services.AddRelayReceiver(builder.Configuration);
        builder.UseRelayClusterClient();
        builder.AddRelayTelemetry();
        builder.AddRelayManagementPort();
        builder.AddRelayLogging();

        var app = builder.Build();
        app.MapRelayEndpoints();
        return app;
    }
}
