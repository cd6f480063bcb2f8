using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Relay.Grains.Runs;
using Relay.Grains.Storage;
using Relay.Receiver.Cluster;
using StackExchange.Redis;

namespace Relay.Silo.Hosting;

/// <summary>
/// Chooses the topology from the <c>cluster</c> section. The embedded default is one silo with localhost
/// clustering, memory grain storage and in-memory reminders; <c>redis</c> gives a real cluster whose
/// membership, grain state and reminders live in Redis. Every topology co-hosts the receiver and the dashboard.
/// </summary>
public static class RelaySiloBuilderExtensions
{
    public static WebApplicationBuilder UseRelaySilo(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection("cluster").Get<RelayClusterOptions>() ?? new RelayClusterOptions();
        var runTtl = builder.Configuration.GetValue("run_ttl", new RunRetentionOptions().Ttl).Value;
        var podName = builder.Configuration["POD_NAME"];
        builder.UseOrleans(silo =>
        {
            if (podName is { Length: > 0 })
            {
                // In a pod (POD_NAME from the downward API) the membership table and the dashboard name silos after their pods.
                silo.Configure<SiloOptions>(o => o.SiloName = podName);
            }

            silo.UseRelayClustering(cluster);
            silo.UseRelayStorage(cluster, runTtl);
            silo.AddDashboard();
            // Grain calls carry the caller's trace: intake, event, run and action grains share one trace.
            silo.AddActivityPropagation();
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout?.Value ?? o.ResponseTimeout);
            // The run cleanup reminder's period is run_ttl: allow it when it is shorter than Orleans' 1 minute floor.
            silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = runTtl < o.MinimumReminderPeriod ? runTtl : o.MinimumReminderPeriod);
            // Idle activations are collected every 10 s: one-shot event grains (20 s age limit) leave within 20-30 s, so a
            // silo holds seconds' worth of them, not a minute's.
            silo.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(10));
            // Orleans caches the address of every grain it has seen, up to 1,000,000 by default: with one grain per
            // CloudEvent that is a million dead keys (~350 bytes each), growing RSS by ~1.6 MB/s at 600 events/s. The
            // grains worth caching are the runs in progress.
            silo.Configure<GrainDirectoryOptions>(o => o.CacheSize = 50_000);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = cluster.ShutdownTimeout.Value);
        builder.Services.AddHostedService<StartupReport>();
        return builder;
    }

    /// <summary>Membership: <c>localhost</c> (one process) or <c>redis</c> (a cluster of any size).</summary>
    public static ISiloBuilder UseRelayClustering(this ISiloBuilder silo, RelayClusterOptions cluster)
    {
        silo.Configure<ClusterMembershipOptions>(o => ClusterMembership.Apply(cluster.Membership, o));
        if (cluster.Clustering == "localhost")
        {
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }

        var advertised = cluster.AdvertisedIp is { Length: > 0 } ip ? IPAddress.Parse(ip) : IPAddress.Loopback;
        return silo
            .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId))
            .ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised))
            .UseRedisClustering(o => o.ConfigurationOptions = Redis(cluster));
    }

    /// <summary>
    /// Grain state and reminders: <c>memory</c> or <c>redis</c>. On Redis, state is JSON without .NET type names
    /// (<see cref="RelayStateSerializer"/>), context owners expire after <c>run_ttl</c>, and cleared run state is deleted.
    /// Event keys need no store of their own: a run's record holds them (<c>dedupe_ttl</c>, <see cref="RunRetentionOptions"/>).
    /// </summary>
    public static ISiloBuilder UseRelayStorage(this ISiloBuilder silo, RelayClusterOptions cluster, TimeSpan runTtl)
    {
        if (cluster.Storage == "memory")
        {
            // One process only (validated): state in this process's memory.
            silo.Services.AddGrainStorage(RelayStorage.Runs, (sp, _) => LocalMemory(sp, entryExpiry: null));
            silo.Services.AddGrainStorage(RelayStorage.Claims, (sp, _) => LocalMemory(sp, runTtl));
            return silo.UseInMemoryReminderService();
        }

        return silo
            .AddRedisGrainStorage(RelayStorage.Runs, o =>
            {
                o.ConfigurationOptions = Redis(cluster);
                o.GrainStorageSerializer = new RelayStateSerializer();
                o.DeleteStateOnClear = true;
            })
            .AddRedisGrainStorage(RelayStorage.Claims, o =>
            {
                o.ConfigurationOptions = Redis(cluster);
                o.GrainStorageSerializer = new RelayStateSerializer();
                o.DeleteStateOnClear = true;
                o.EntryExpiry = runTtl;
            })
            .UseRedisReminderService(o => o.ConfigurationOptions = Redis(cluster));
    }

    private static LocalMemoryGrainStorage LocalMemory(IServiceProvider services, TimeSpan? entryExpiry) =>
        new(services.GetRequiredService<DeepCopier>(), services.GetRequiredService<TimeProvider>(), entryExpiry);

    private static ConfigurationOptions Redis(RelayClusterOptions cluster)
    {
        var options = ConfigurationOptions.Parse(cluster.Redis.ConnectionString!);
        // Keep retrying while Redis restarts instead of failing the silo's start.
        options.AbortOnConnectFail = false;
        return options;
    }
}
