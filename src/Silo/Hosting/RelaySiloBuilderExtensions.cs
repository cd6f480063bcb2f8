using Orleans.Dashboard;
using Relay.Grains.Storage;
using Relay.Receiver.Cluster;

namespace Relay.Silo.Hosting;

/// <summary>
/// Chooses the topology from the <c>cluster</c> section: the embedded default is one silo with localhost
/// clustering, memory grain storage and in-memory reminders, co-hosting the receiver and the dashboard.
/// </summary>
public static class RelaySiloBuilderExtensions
{
    public static WebApplicationBuilder UseRelaySilo(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection("cluster").Get<RelayClusterOptions>() ?? new RelayClusterOptions();
        builder.UseOrleans(silo =>
        {
            silo.UseRelayClustering(cluster);
            silo.UseRelayStorage(cluster);
            silo.AddDashboard();
        });
        builder.Services.AddHostedService<StartupReport>();
        return builder;
    }

    /// <summary>Membership: localhost (one process) in this version.</summary>
    public static ISiloBuilder UseRelayClustering(this ISiloBuilder silo, RelayClusterOptions cluster)
    {
        if (cluster.Clustering != "localhost")
        {
            throw new NotSupportedException($"cluster.clustering '{cluster.Clustering}' is not supported by this build");
        }

        return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
    }

    /// <summary>Grain state and reminders: memory in this version.</summary>
    public static ISiloBuilder UseRelayStorage(this ISiloBuilder silo, RelayClusterOptions cluster)
    {
        if (cluster.Storage != "memory")
        {
            throw new NotSupportedException($"cluster.storage '{cluster.Storage}' is not supported by this build");
        }

        return silo
            .AddMemoryGrainStorage(RelayStorage.Runs)
            .AddMemoryGrainStorage(RelayStorage.Events)
            .UseInMemoryReminderService();
    }
}
