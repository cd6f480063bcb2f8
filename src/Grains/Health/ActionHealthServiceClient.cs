using Orleans.Services;
using Orleans.Runtime.Services;
using Relay.Health;

namespace Relay.Grains.Health;

/// <summary>Reaches the <see cref="IActionHealthService"/> of a given silo.</summary>
public interface IActionHealthServiceClient : IGrainServiceClient<IActionHealthService>
{
    IActionHealthService OnSilo(SiloAddress silo);
}

internal sealed class ActionHealthServiceClient(IServiceProvider services)
    : GrainServiceClient<IActionHealthService>(services), IActionHealthServiceClient
{
    public IActionHealthService OnSilo(SiloAddress silo) => GetGrainService(silo);
}
