using Relay.Configuration;

namespace Relay.Grains.Runs;

/// <summary>How long a run grain keeps its state once nothing is pending (SPEC §3; DESIGN "State and storage").</summary>
public sealed class RunRetentionOptions
{
    /// <summary>
    /// <c>run_ttl</c>: a run's state (tasks, ledger) is removed this long after its last event once its outbox is
    /// empty. A later event for the run starts afresh. Default 24h.
    /// </summary>
    public Duration Ttl { get; set; } = new(TimeSpan.FromHours(24));
}
