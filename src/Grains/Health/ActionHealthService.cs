using Orleans.Concurrency;
using Microsoft.Extensions.Logging;
using Relay.Health;

namespace Relay.Grains.Health;

/// <summary>The grain service each silo runs so that its <see cref="ActionHealth"/> can be asked from anywhere.</summary>
[Reentrant]
internal sealed class ActionHealthService(GrainId id, Silo silo, ILoggerFactory loggerFactory, ActionHealth health)
    : GrainService(id, silo, loggerFactory), IActionHealthService
{
    public Task<IReadOnlyList<ActionHealthReport>> GetAsync() => Task.FromResult(health.Snapshot());
}
