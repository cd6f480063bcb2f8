using Orleans.Dashboard;
using Relay.Grains;
using Relay.Receiver;
using Relay.Receiver.Api;
using Relay.Receiver.Health;
using Relay.Receiver.Intake;
using Relay.Silo.Configuration;
using Relay.Silo.Hosting;

if (ConfigValidationCommand.IsRequested(args))
{
    return ConfigValidationCommand.Run(args, Console.Out);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddRelayConfiguration();
builder.Services.AddRelayReceiver(builder.Configuration);
builder.Services.AddRelayGrains(builder.Configuration);
builder.UseRelaySilo();

var app = builder.Build();
app.MapRelayIntake();
app.MapRelayHealth();
app.MapRelayApi();
app.MapOrleansDashboard(routePrefix: "/dashboard");
await app.RunAsync();
return 0;
