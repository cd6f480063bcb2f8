using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// What makes a rolling update safe for an Orleans cluster: a new silo joins before an old one leaves, an old one
/// gets the time to leave cleanly, disruptions take one pod at a time, and silos are found at their own pod address.
/// </summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class RolloutTests(RenderedOverlays rendered)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Relay_deployments_start_a_new_pod_before_stopping_an_old_one(string overlay)
    {
        Assert.All(RelayWorkloads(overlay), workload =>
        {
            Assert.Equal("Deployment", workload.Kind);
            Assert.Equal("RollingUpdate", workload.Object.Spec.Text("strategy", "type"));
            Assert.Equal(0, workload.Object.Spec.Number("strategy", "rollingUpdate", "maxUnavailable"));
            Assert.Equal(1, workload.Object.Spec.Number("strategy", "rollingUpdate", "maxSurge"));
            Assert.True(workload.Object.Spec.Number("minReadySeconds") > 0, $"{workload}: minReadySeconds");
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Grace_period_outlasts_the_prestop_sleep_plus_relays_shutdown_timeout(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.RelayContainers, container =>
        {
            var grace = container.Workload.Pod.Number("terminationGracePeriodSeconds") ?? 30;
            var preStop = container.Json.Number("lifecycle", "preStop", "sleep", "seconds") ?? 0;
            var shutdown = o.ConfigOf(container).Cluster.ShutdownTimeout.Value.TotalSeconds;
            Assert.True(grace > preStop + shutdown, $"{container}: grace {grace}s <= preStop {preStop}s + shutdown_timeout {shutdown}s");
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Each_relay_deployment_has_a_disruption_budget_and_prefers_distinct_nodes(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(RelayWorkloads(overlay), workload =>
        {
            var budget = Assert.Single(o.OfKind("PodDisruptionBudget"), pdb => o.SelectedBy(pdb.Spec.At("selector")).Contains(workload));
            Assert.Equal(1, budget.Spec.Number("maxUnavailable"));
            var terms = workload.Pod.Objects("affinity", "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution");
            Assert.Contains(terms, term => term.Text("podAffinityTerm", "topologyKey") == "kubernetes.io/hostname");
            // "required" anti-affinity would leave a rollout's surge pod unschedulable on a cluster with as many nodes as replicas.
            Assert.Null(workload.Pod.At("affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"));
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Silos_learn_their_pod_name_namespace_and_ip_from_the_downward_api(string overlay)
    {
        Assert.All(rendered[overlay].RelayContainers.Where(c => c.IsSilo), silo =>
        {
            var downward = silo.DownwardApi;
            Assert.Equal("metadata.name", downward.GetValueOrDefault("POD_NAME"));
            Assert.Equal("metadata.namespace", downward.GetValueOrDefault("POD_NAMESPACE"));
            Assert.Equal("status.podIP", downward.GetValueOrDefault("POD_IP"));
            Assert.Equal("status.podIP", downward.GetValueOrDefault("cluster__advertised_ip"));
        });
    }

    private IEnumerable<Workload> RelayWorkloads(string overlay) =>
        rendered[overlay].RelayContainers.Select(c => c.Workload).Distinct();
}
