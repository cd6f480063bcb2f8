using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using System.Diagnostics.Metrics;
using Relay.Reconcile;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Reconcile;

/// <summary>
/// The reconciler on a two-silo cluster against a fake Kubernetes API and a fake GitHub (docs/reconcile.md): states whose
/// events never arrive are fed from the API after <c>reconcile.after</c>, a run deleted while pending ends <c>error</c>,
/// and one silo scans for the whole cluster.
/// </summary>
public sealed class ReconcileTests : IAsyncLifetime
{
    private ReconcileCluster _relay = null!;

    public async Task InitializeAsync() => _relay = await ReconcileCluster.StartAsync(silos: 2, enabled: true);

    public async Task DisposeAsync() => await _relay.DisposeAsync();

    [Fact]
    public async Task Run_whose_terminal_events_never_arrive_ends_with_its_final_statuses_from_the_api()
    {
        var run = new TektonRun("lost-end-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var started in new[] { run.PipelineRunEvent("started"), run.PipelineRunEvent("running"), run.TaskRunEvent("build", "running"), run.TaskRunEvent("test", "running") })
        {
            await _relay.SendAsync(started);
        }

        await Wait.UntilAsync(
            () => _relay.LastStatuses(run.Sha).Count == 3 && _relay.LastStatuses(run.Sha).Values.All(s => s.State == "pending"),
            () => $"three pending contexts for {run.Sha}; got {Describe(run.Sha)}");

        // The run finished in the cluster; Tekton's terminal events were lost.
        _relay.Kubernetes.Put(run.TaskRunEvent("build", "successful", minute: 1));
        _relay.Kubernetes.Put(run.TaskRunEvent("test", "failed", message: "3 tests failed", minute: 2));
        _relay.Kubernetes.Put(run.PipelineRunEvent("failed", message: "Tasks Completed: 2 (Failed: 1)", minute: 3));

        await Wait.UntilAsync(
            () => _relay.LastStatuses(run.Sha).Values.Count(s => s.State != "pending") == 3,
            () => $"every context of {run.Sha} ended; got {Describe(run.Sha)}");
        var last = _relay.LastStatuses(run.Sha);
        Assert.Equal("success", last.Single(s => s.Key.EndsWith("/build", StringComparison.Ordinal)).Value.State);
        Assert.Equal("failure", last.Single(s => s.Key.EndsWith("/test", StringComparison.Ordinal)).Value.State);
        Assert.Equal("failure", last.Single(s => !s.Key.EndsWith("/build", StringComparison.Ordinal) && !s.Key.EndsWith("/test", StringComparison.Ordinal)).Value.State);
        // Later scans see the same objects: the event grain deduplicates them and nothing is posted twice.
        var posted = _relay.GitHub.StatusesFor(run.Sha).Count;
        await WaitForScansAsync(3);
        Assert.Equal(posted, _relay.GitHub.StatusesFor(run.Sha).Count);
    }

    [Fact]
    public async Task Annotated_run_relay_never_heard_of_is_reported_from_the_api()
    {
        var run = new TektonRun("unheard-" + Guid.NewGuid().ToString("N")[..8]);
        var other = new TektonRun("not-ours-" + Guid.NewGuid().ToString("N")[..8]) { Annotated = false };
        _relay.Kubernetes.Put(run.TaskRunEvent("build", "successful", minute: 1));
        _relay.Kubernetes.Put(run.PipelineRunEvent("successful", minute: 2));
        _relay.Kubernetes.Put(other.PipelineRunEvent("successful", minute: 2));
        _relay.Kubernetes.Put(new TektonRun("not-ours-either-" + Guid.NewGuid().ToString("N")[..8]) { Annotated = false }.PipelineRunEvent("running"));

        await Wait.UntilAsync(
            () => _relay.LastStatuses(run.Sha).Count == 2 && _relay.LastStatuses(run.Sha).Values.All(s => s.State == "success"),
            () => $"both contexts of {run.Sha} success; got {Describe(run.Sha)}");
        var snapshot = await _relay.Cluster.Client.GetGrain<Relay.Runs.IPipelineRunGrain>($"ci/{other.Name}").GetSnapshotAsync();
        Assert.False(snapshot.Exists, "a run without relay or Pipelines-as-Code annotations is not Relay's");
        // Three PipelineRuns at 2 per page: the list pages with continue.
        Assert.Contains(_relay.Kubernetes.Requests, r => r.Path.EndsWith("/namespaces/ci/pipelineruns", StringComparison.Ordinal)
                                                         && r.Query.Contains("continue=", StringComparison.Ordinal) && r.StatusCode == 200);
    }

    [Fact]
    public async Task Pending_run_deleted_from_the_api_ends_error()
    {
        var run = new TektonRun("deleted-" + Guid.NewGuid().ToString("N")[..8]);
        await _relay.SendAsync(run.PipelineRunEvent("running"));
        await _relay.SendAsync(run.TaskRunEvent("build", "running"));
        _relay.Kubernetes.Put(run.PipelineRunEvent("running"));
        _relay.Kubernetes.Put(run.TaskRunEvent("build", "running"));
        await Wait.UntilAsync(
            () => _relay.LastStatuses(run.Sha).Count == 2,
            () => $"two pending contexts for {run.Sha}; got {Describe(run.Sha)}");
        // Let a scan see it alive (watched), then delete it.
        await WaitForScansAsync(2);
        _relay.Kubernetes.Delete(ReconcileCluster.Namespace, run.Name);

        await Wait.UntilAsync(
            () => _relay.LastStatuses(run.Sha).Values.Count(s => s.State == "error") == 2,
            () => $"both contexts of {run.Sha} error; got {Describe(run.Sha)}");
        Assert.All(_relay.LastStatuses(run.Sha).Values, s => Assert.Contains("run deleted before it finished", s.Description, StringComparison.Ordinal));
        Assert.Contains(_relay.Kubernetes.Requests, r => r.Path.EndsWith("/pipelineruns/" + run.Name, StringComparison.Ordinal) && r.StatusCode == 404);
    }

    [Fact]
    public async Task Two_silos_run_one_reconciler()
    {
        var silos = _relay.Cluster.Silos.ToArray();
        Assert.Equal(2, silos.Length);
        var collectors = silos
            .Select(s => new MetricCollector<long>(_relay.ServicesOf(s).GetRequiredService<IMeterFactory>(), "Relay", "relay.reconcile.scans"))
            .ToArray();
        try
        {
            await Wait.UntilAsync(
                () => collectors.Sum(c => c.GetMeasurementSnapshot().Count) >= 4,
                () => $"four scans; got {string.Join(", ", collectors.Select(c => c.GetMeasurementSnapshot().Count))}");

            var scanning = collectors.Select((c, i) => (Silo: silos[i], Scans: c.GetMeasurementSnapshot().Count)).Where(s => s.Scans > 0).ToList();
            var only = Assert.Single(scanning);
            var status = await _relay.Cluster.Client.GetGrain<IReconcilerGrain>(IReconcilerGrain.ClusterKey).GetStatusAsync();
            Assert.True(status.Running);
            Assert.Equal(only.Silo.SiloAddress.ToString(), status.Silo);
        }
        finally
        {
            foreach (var collector in collectors)
            {
                collector.Dispose();
            }
        }
    }

    [Fact]
    public async Task Api_failures_are_counted_and_the_next_scan_catches_up()
    {
        var run = new TektonRun("api-down-" + Guid.NewGuid().ToString("N")[..8]);
        var collectors = _relay.Cluster.Silos
            .Select(s => new MetricCollector<long>(_relay.ServicesOf(s).GetRequiredService<IMeterFactory>(), "Relay", "relay.reconcile.api.errors"))
            .ToArray();
        try
        {
            _relay.Kubernetes.FailNext(3, 500);
            _relay.Kubernetes.Put(run.PipelineRunEvent("successful"));

            await Wait.UntilAsync(
                () => _relay.LastStatuses(run.Sha).Values.Any(s => s.State == "success"),
                () => $"the success of {run.Sha} after the API recovered; got {Describe(run.Sha)}");
            Assert.True(collectors.Sum(c => c.GetMeasurementSnapshot().Sum(m => m.Value)) >= 1, "API errors counted");
        }
        finally
        {
            foreach (var collector in collectors)
            {
                collector.Dispose();
            }
        }
    }

    private async Task WaitForScansAsync(int scans)
    {
        var reconciler = _relay.Cluster.Client.GetGrain<IReconcilerGrain>(IReconcilerGrain.ClusterKey);
        var from = (await reconciler.GetStatusAsync()).Scans;
        await Wait.UntilAsync(
            async () => (await reconciler.GetStatusAsync()).Scans >= from + scans,
            () => $"{scans} more reconcile scans after scan {from}");
    }

    private string Describe(string sha) =>
        string.Join(", ", _relay.GitHub.StatusesFor(sha).Select(s => $"{s.Context}={s.State} ({s.Description})"));
}
