using System.Net;
using Microsoft.Extensions.Options;

namespace Relay.Receiver.Cluster;

/// <summary>Checks the <c>cluster</c> section, reporting every problem with its path.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<RelayClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, RelayClusterOptions options)
    {
        var errors = new List<string>();
        if (options.Clustering is not ("localhost" or "redis"))
        {
            errors.Add($"cluster.clustering: unknown '{options.Clustering}' (use localhost or redis)");
        }

        if (options.Storage is not ("memory" or "redis"))
        {
            errors.Add($"cluster.storage: unknown '{options.Storage}' (use memory or redis)");
        }

        if (options.Storage == "memory" && options.Clustering == "redis")
        {
            errors.Add("cluster.storage: memory keeps state inside one process; a redis cluster needs storage: redis");
        }

        if ((options.Clustering == "redis" || options.Storage == "redis") && string.IsNullOrWhiteSpace(options.Redis.ConnectionString))
        {
            errors.Add("cluster.redis.connection_string: required when clustering or storage is redis");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add("cluster.service_id: required");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            errors.Add("cluster.cluster_id: required");
        }

        CheckPort(options.SiloPort, "cluster.silo_port", errors);
        CheckPort(options.GatewayPort, "cluster.gateway_port", errors);
        if (options.SiloPort == options.GatewayPort)
        {
            errors.Add("cluster.gateway_port: must differ from cluster.silo_port");
        }

        if (options.AdvertisedIp is { Length: > 0 } ip && !IPAddress.TryParse(ip, out _))
        {
            errors.Add($"cluster.advertised_ip: '{ip}' is not an IP address");
        }

        if (options.Membership.MissedProbesLimit is < 1 || options.Membership.VotesForDeath is < 1)
        {
            errors.Add("cluster.membership: missed_probes_limit and votes_for_death must be at least 1");
        }

        if (options.ShutdownTimeout.Value <= TimeSpan.Zero || options.ResponseTimeout?.Value <= TimeSpan.Zero)
        {
            errors.Add("cluster: shutdown_timeout and response_timeout must be greater than zero");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckPort(int port, string path, List<string> errors)
    {
        if (port is < 1 or > 65535)
        {
            errors.Add($"{path}: {port} is not a TCP port");
        }
    }
}
