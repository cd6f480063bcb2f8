namespace Relay.Reconcile;

/// <summary>
/// One scan of the Kubernetes API, called by the reconciler grain. Implemented beside the Tekton decoder in the receiver
/// assembly (it feeds what it finds through the decoder and the event grains) and registered by the silo host, so the
/// grain assembly needs neither the decoder nor a Kubernetes client.
/// </summary>
public interface IRunReconciler
{
    /// <summary>
    /// Lists the watched namespaces, feeds what events missed, ends runs deleted before they finished, and returns the
    /// runs to watch next. Never throws for an API failure (counted in <see cref="ReconcileScan.ApiErrors"/>).
    /// </summary>
    Task<ReconcileScan> ScanAsync(IReadOnlyList<WatchedRun> watched, CancellationToken cancellationToken);
}
