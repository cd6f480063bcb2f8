using Orleans.Configuration;

namespace Relay.Receiver.Cluster;

/// <summary>Applies <c>cluster.membership</c> to Orleans' options; unset keys keep Orleans' defaults.</summary>
public static class ClusterMembership
{
    public static void Apply(MembershipSettings settings, ClusterMembershipOptions options)
    {
        if (settings.ProbeTimeout is { } probe)
        {
            options.ProbeTimeout = probe.Value;
        }

        if (settings.MissedProbesLimit is { } missed)
        {
            options.NumMissedProbesLimit = missed;
        }

        if (settings.VotesForDeath is { } votes)
        {
            options.NumVotesForDeathDeclaration = votes;
        }

        if (settings.TableRefresh is { } refresh)
        {
            options.TableRefreshTimeout = refresh.Value;
        }

        if (settings.IAmAlivePeriod is { } alive)
        {
            options.IAmAliveTablePublishTimeout = alive.Value;
        }

        // Dead silos' rows would otherwise stay in the Redis membership hash across every restart.
        options.DefunctSiloExpiration = settings.DefunctSiloExpiration.Value;
        options.DefunctSiloCleanupPeriod = settings.DefunctSiloExpiration.Value < TimeSpan.FromHours(1)
            ? settings.DefunctSiloExpiration.Value
            : TimeSpan.FromHours(1);
    }
}
