using Relay.Receiver.Api;
using Relay.Receiver.Health;
using Relay.Receiver.Intake;
using Relay.Receiver.RunView;
using Relay.Receiver.Telemetry;

namespace Relay.Receiver;

/// <summary>The HTTP surface every Relay host serves: intake (rate limited), health, metrics and the API.</summary>
public static class RelayEndpoints
{
    public static WebApplication MapRelayEndpoints(this WebApplication app)
    {
        app.UseRelayManagementPort();
        app.UseRateLimiter();
        app.MapRelayIntake();
        app.MapRelayHealth();
        app.MapRelayMetrics();
        app.MapRelayApi();
        app.MapRelayRunView();
        return app;
    }
}
