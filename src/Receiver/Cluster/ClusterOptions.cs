namespace Relay.Receiver.Cluster;

/// <summary>The <c>cluster</c> section (SPEC §8): how silos find each other and where grain state lives.</summary>
public sealed class RelayClusterOptions
{
    /// <summary><c>cluster.clustering</c>: <c>localhost</c> (default, one process) or <c>redis</c>.</summary>
    [ConfigurationKeyName("clustering")]
    public string Clustering { get; set; } = "localhost";

    /// <summary><c>cluster.storage</c>: <c>memory</c> (default, not durable) or <c>redis</c>.</summary>
    [ConfigurationKeyName("storage")]
    public string Storage { get; set; } = "memory";

    [ConfigurationKeyName("redis")]
    public RedisOptions Redis { get; set; } = new();

    /// <summary><c>cluster.service_id</c>: default <c>relay</c>. Part of every Redis key: never change it on a live cluster.</summary>
    [ConfigurationKeyName("service_id")]
    public string ServiceId { get; set; } = "relay";

    /// <summary><c>cluster.cluster_id</c>: default <c>default</c>.</summary>
    [ConfigurationKeyName("cluster_id")]
    public string ClusterId { get; set; } = "default";

    /// <summary><c>cluster.silo_port</c>: silo-to-silo port. Default 11111.</summary>
    [ConfigurationKeyName("silo_port")]
    public int SiloPort { get; set; } = 11111;

    /// <summary><c>cluster.gateway_port</c>: port for Orleans clients (split receivers). Default 30000.</summary>
    [ConfigurationKeyName("gateway_port")]
    public int GatewayPort { get; set; } = 30000;

    /// <summary><c>cluster.advertised_ip</c>: the address other silos use; default loopback (in Kubernetes: the pod IP).</summary>
    [ConfigurationKeyName("advertised_ip")]
    public string? AdvertisedIp { get; set; }
}

/// <summary><c>cluster.redis</c>.</summary>
public sealed class RedisOptions
{
    /// <summary>StackExchange.Redis connection string, e.g. <c>127.0.0.1:6379</c>.</summary>
    [ConfigurationKeyName("connection_string")]
    public string? ConnectionString { get; set; }
}
