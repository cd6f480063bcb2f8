namespace Relay.Reconcile;

/// <summary>
/// The cluster's one reconciler (key <see cref="ClusterKey"/>): a grain with a scan timer, kept alive by a reminder, so
/// Orleans' single activation gives exactly one scanner per cluster, wherever it lives.
/// </summary>
[Alias("Relay.Reconcile.IReconcilerGrain")]
public interface IReconcilerGrain : IGrainWithStringKey
{
    /// <summary>The only key the reconciler grain is used with.</summary>
    const string ClusterKey = "cluster";

    /// <summary>
    /// Makes sure the reconciler runs: activates it (which starts the scan timer) and registers its keep-alive reminder.
    /// Idempotent; every silo calls it at start. With <c>reconcile.enabled</c> off it does nothing.
    /// </summary>
    [Alias("start")]
    Task<ReconcilerStatus> StartAsync();

    /// <summary>Where the reconciler runs and what its scans did so far (this activation). Read-only.</summary>
    [Alias("status")]
    Task<ReconcilerStatus> GetStatusAsync();
}
