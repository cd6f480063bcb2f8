using Orleans.Concurrency;
using Relay.Health;

namespace Relay.Grains.Health;

/// <summary>Fans out to every active silo's <see cref="IActionHealthService"/> and sums the counters per action.</summary>
[StatelessWorker, GrainType("cluster-health")]
internal sealed class ClusterHealthGrain(IActionHealthServiceClient services) : Grain, IClusterHealthGrain
{
    private static readonly TimeSpan PerSilo = TimeSpan.FromSeconds(2);

    public async Task<ClusterHealthReport> GetReportAsync()
    {
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: false);
        var silos = hosts.ToDictionary(h => h.Key.ToString(), h => h.Value.ToString().ToLowerInvariant());
        var unreachable = new Dictionary<string, string>();
        var reports = new List<ActionHealthReport>();
        foreach (var (silo, status) in hosts)
        {
            if (status != SiloStatus.Active)
            {
                continue;
            }

            try
            {
                reports.AddRange(await services.OnSilo(silo).GetAsync().WaitAsync(PerSilo));
            }
            catch (Exception exception) when (exception is TimeoutException or OrleansException)
            {
                unreachable[silo.ToString()] = exception.Message;
            }
        }

        var actions = reports.GroupBy(r => r.Action, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var last = g.Where(r => r.LastErrorAt is not null).MaxBy(r => r.LastErrorAt);
            return new ActionHealthReport
            {
                Action = g.Key,
                Succeeded = g.Sum(r => r.Succeeded),
                Failed = g.Sum(r => r.Failed),
                LastError = last?.LastError,
                LastErrorAt = last?.LastErrorAt,
            };
        }).ToArray();
        return new ClusterHealthReport { Silos = silos, Actions = actions, Unreachable = unreachable };
    }
}
