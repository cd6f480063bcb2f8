using Orleans.Dashboard;
using Relay.Grains;
using Relay.Receiver;
using Relay.Receiver.Auth;
using Relay.Receiver.Health;
using Relay.Receiver.Telemetry;
using Relay.Receiver.Configuration;
using Relay.Receiver.Reconcile;

namespace Relay.Silo.Hosting;

/// <summary>
/// The whole composition of a Relay node: configuration, receiver, grains, silo, endpoints. <c>Program.cs</c>
/// runs it; tests build the same app in-process with their own arguments.
/// </summary>
public static class RelayApp
{
    /// <param name="args">Command line: <c>--config PATH</c>, <c>--urls URL</c>, and any <c>--section:key=value</c> override.</param>
    /// <param name="customize">Extra registrations (tests only), applied before the app is built.</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddRelayConfiguration();
        builder.Services.AddRelayReceiver(builder.Configuration);
        builder.Services.AddRelayGrains(builder.Configuration);
        // The reconciler's Kubernetes scan (used only when reconcile.enabled is on; docs/reconcile.md).
        builder.Services.AddRelayReconciler();
        builder.UseRelaySilo();
        builder.AddRelayTelemetry();
        builder.AddRelayManagementPort();
        builder.AddRelayLogging();
        customize?.Invoke(builder);

        var app = builder.Build();
        app.MapRelayEndpoints();
        app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAuthorization(RelayAuthorization.OperatorPolicy);
        return app;
    }
}
