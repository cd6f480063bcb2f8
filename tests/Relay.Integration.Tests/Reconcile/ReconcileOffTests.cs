using System.Diagnostics;
using Relay.Reconcile;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Reconcile;

/// <summary>With <c>reconcile.enabled</c> off (the default) nothing calls the Kubernetes API, even with a kubeconfig set.</summary>
public sealed class ReconcileOffTests : IAsyncLifetime
{
    private ReconcileCluster _relay = null!;

    public async Task InitializeAsync() => _relay = await ReconcileCluster.StartAsync(silos: 1, enabled: false);

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task Reconcile_off_never_calls_the_kubernetes_api()
    {
        var clock = Stopwatch.StartNew();
        var run = new TektonRun("off-" + Guid.NewGuid().ToString("N")[..8]);
        _relay.Kubernetes.Put(run.PipelineRunEvent("successful"));
        await _relay.SendAsync(run.PipelineRunEvent("running"));

        // Events still work; and three times reconcile.interval (1 s) pass without a scan.
        await Wait.UntilAsync(
            () => _relay.GitHub.StatusesFor(run.Sha).Count == 1 && clock.Elapsed > TimeSpan.FromSeconds(3),
            () => $"the pending status of {run.Sha} and 3 s");
        var status = await _relay.Cluster.Client.GetGrain<IReconcilerGrain>(IReconcilerGrain.ClusterKey).StartAsync();

        Assert.False(status.Running);
        Assert.Empty(_relay.Kubernetes.Requests);
        Assert.Equal("pending", Assert.Single(_relay.GitHub.StatusesFor(run.Sha)).State);
    }
}
