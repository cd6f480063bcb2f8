using Orleans.Configuration;
using Relay.Receiver.Health;
using StackExchange.Redis;

namespace Relay.Receiver.Cluster;

/// <summary>
/// Split-receiver mode: the intake runs as an Orleans client that finds the silos through Redis membership.
/// It serves HTTP at once and keeps retrying to connect; until connected (and whenever no gateway is left)
/// <c>/readyz</c> is 503 and events get 503, so Tekton retransmits them.
/// </summary>
public static class RelayClusterClientExtensions
{
    /// <summary>Receivers wait less than silos: a call lost with a crashed gateway should become a quick 503.</summary>
    private static readonly TimeSpan DefaultClientResponseTimeout = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder UseRelayClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = builder.Configuration.GetSection("cluster").Get<RelayClusterOptions>() ?? new RelayClusterOptions();
        if (cluster.Clustering != "redis" || string.IsNullOrWhiteSpace(cluster.Redis.ConnectionString))
        {
            throw new InvalidOperationException(
                "a split receiver finds the silos through Redis: set cluster.clustering: redis and cluster.redis.connection_string");
        }

        // Kestrel must not wait for the cluster: hosted services start together, the gate opens once connected.
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ServicesStartConcurrently = true;
            o.ShutdownTimeout = cluster.ShutdownTimeout.Value;
        });
        builder.Services.AddSingleton<ClusterConnectionMonitor>();
        builder.Services.AddHealthChecks().AddCheck<ClusterManifestHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag]);
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (cluster.ServiceId, cluster.ClusterId));
            client.UseRedisClustering(o =>
            {
                o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis.ConnectionString!);
                o.ConfigurationOptions.AbortOnConnectFail = false;
            });
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = cluster.ResponseTimeout?.Value ?? DefaultClientResponseTimeout);
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            client.UseConnectionRetryFilter(RetryForeverAsync);
            client.AddClusterConnectionStatusObserver<ClusterConnectionMonitor>();
            client.AddActivityPropagation();
        });
        return builder;
    }

    private static async Task<bool> RetryForeverAsync(Exception exception, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        return !cancellationToken.IsCancellationRequested;
    }
}
