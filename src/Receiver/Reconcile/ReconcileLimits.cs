namespace Relay.Receiver.Reconcile;

/// <summary>
/// How much one scan may ask of the Kubernetes API (docs/reconcile.md "Load"). Fixed by Relay, not configured; tests
/// register smaller values to exercise paging and the budget.
/// </summary>
internal sealed record ReconcileLimits
{
    /// <summary>Objects per list request (<c>limit</c>; the rest comes with <c>continue</c>).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>Requests per scan (lists, pages and gets together); the scan stops there and the next one starts over.</summary>
    public int MaxRequestsPerScan { get; init; } = 200;
}
