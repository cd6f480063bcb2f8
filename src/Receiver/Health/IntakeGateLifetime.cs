
namespace Relay.Receiver.Health;

/// <summary>Opens the <see cref="IntakeGate"/> once the host has started and closes it when it begins to stop.</summary>
internal sealed class IntakeGateLifetime(IntakeGate gate, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(gate.Open);
        lifetime.ApplicationStopping.Register(() => gate.Close("shutting down"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
