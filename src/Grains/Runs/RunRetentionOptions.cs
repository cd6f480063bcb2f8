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

    /// <summary>
    /// How long a forgotten run's tombstone is kept: <c>run_ttl</c>, or longer when <c>dedupe_ttl</c> needs it. The run's
    /// record is the durable dedupe of its events (the event grains keep their mark in memory), so it must outlive each
    /// event key by <c>dedupe_ttl</c>: the last event is at least <c>run_ttl</c> older than the tombstone, hence
    /// <c>max(run_ttl, dedupe_ttl − run_ttl)</c>.
    /// </summary>
    public static TimeSpan TombstoneKept(TimeSpan runTtl, TimeSpan dedupeTtl) =>
        dedupeTtl - runTtl > runTtl ? dedupeTtl - runTtl : runTtl;
}
