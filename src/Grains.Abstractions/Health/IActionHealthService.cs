using Orleans.Services;

namespace Relay.Health;

/// <summary>One per silo: that silo's action counters.</summary>
[Alias("Relay.Health.IActionHealthService")]
public interface IActionHealthService : IGrainService
{
    [Alias("get")]
    Task<IReadOnlyList<ActionHealthReport>> GetAsync();
}
