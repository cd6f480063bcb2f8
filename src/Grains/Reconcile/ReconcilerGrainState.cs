using Relay.Reconcile;

namespace Relay.Grains.Reconcile;

/// <summary>
/// Persisted state of the reconciler grain: the runs it saw non-terminal in the API (bounded by
/// <see cref="ReconcilerGrain.MaxWatched"/>), so a run deleted before it finished is ended after a failover too.
/// A stored contract (golden file <c>reconciler-state-v1.json</c>).
/// </summary>
[GenerateSerializer, Alias("Relay.Grains.Reconcile.ReconcilerGrainState")]
public sealed class ReconcilerGrainState
{
    public const int CurrentVersion = 1;

    /// <summary>Format version of this record.</summary>
    [Id(0)] public int Version { get; set; } = CurrentVersion;

    /// <summary>The watched runs, by <see cref="WatchedRun.Key"/>.</summary>
    [Id(1)] public Dictionary<string, WatchedRun> Watched { get; set; } = new(StringComparer.Ordinal);
}
