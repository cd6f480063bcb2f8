using Relay.Configuration;

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

    /// <summary><c>cluster.membership</c>: failure detection; unset keys keep Orleans' defaults.</summary>
    [ConfigurationKeyName("membership")]
    public MembershipSettings Membership { get; set; } = new();

    /// <summary>
    /// <c>cluster.response_timeout</c>: how long a grain call may take. Default 30s in silos, 5s in split
    /// receivers (a call lost with a crashed gateway waits this long before the event gets 503).
    /// </summary>
    [ConfigurationKeyName("response_timeout")]
    public Duration? ResponseTimeout { get; set; }

    /// <summary>
    /// <c>cluster.shutdown_timeout</c>: how long SIGTERM may take to finish in-flight work, write state and leave the
    /// cluster. Kubernetes' <c>terminationGracePeriodSeconds</c> must be longer. Default 30s.
    /// </summary>
    [ConfigurationKeyName("shutdown_timeout")]
    public Duration ShutdownTimeout { get; set; } = new(TimeSpan.FromSeconds(30));
}

/// <summary><c>cluster.membership</c>: how fast a dead silo is detected (fast values are for tests and one-machine setups).</summary>
public sealed class MembershipSettings
{
    /// <summary><c>probe_timeout</c>: Orleans default 5s.</summary>
    [ConfigurationKeyName("probe_timeout")]
    public Duration? ProbeTimeout { get; set; }

    /// <summary><c>missed_probes_limit</c>: missed probes before a silo is suspected. Orleans default 3.</summary>
    [ConfigurationKeyName("missed_probes_limit")]
    public int? MissedProbesLimit { get; set; }

    /// <summary><c>votes_for_death</c>: suspicions needed to declare a silo dead. Orleans default 2.</summary>
    [ConfigurationKeyName("votes_for_death")]
    public int? VotesForDeath { get; set; }

    /// <summary><c>table_refresh</c>: how often the membership table is re-read. Orleans default 60s.</summary>
    [ConfigurationKeyName("table_refresh")]
    public Duration? TableRefresh { get; set; }

    /// <summary><c>i_am_alive_period</c>: how often a silo writes its heartbeat. Orleans default 30s.</summary>
    [ConfigurationKeyName("i_am_alive_period")]
    public Duration? IAmAlivePeriod { get; set; }

    /// <summary><c>defunct_silo_expiration</c>: dead silos' rows are removed from the table after this. Default 1h.</summary>
    [ConfigurationKeyName("defunct_silo_expiration")]
    public Duration DefunctSiloExpiration { get; set; } = new(TimeSpan.FromHours(1));
}

/// <summary><c>cluster.redis</c>.</summary>
public sealed class RedisOptions
{
    /// <summary>StackExchange.Redis connection string, e.g. <c>127.0.0.1:6379</c>.</summary>
    [ConfigurationKeyName("connection_string")]
    public string? ConnectionString { get; set; }
}
