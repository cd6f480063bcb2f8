using System.Net;
using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// Who may talk to whom, evaluated from the rendered NetworkPolicies: Tekton to the intake, silos to silos (and split
/// receivers to their gateway), Relay to Redis, DNS and GitHub; nothing else.
/// </summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class NetworkPolicyTests(RenderedOverlays rendered)
{
    private static readonly PodPeer TektonEventsController = new("tekton-pipelines", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "events" });
    private static readonly PodPeer SomeOtherPod = new("default", new Dictionary<string, string> { ["app"] = "curious" });
    private static readonly PodPeer ClusterDns = new("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" });
    private static readonly AddressPeer GitHubApi = new(IPAddress.Parse("140.82.112.6"));

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Every_pod_of_the_namespace_is_isolated_both_ways_by_default(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.Workloads, workload =>
        {
            var pod = Pod(workload);
            Assert.False(NetworkPolicies.Allows(o, SomeOtherPod, pod, 12345), $"{workload} takes anything on port 12345");
            Assert.False(NetworkPolicies.Allows(o, pod, new AddressPeer(IPAddress.Parse("203.0.113.7")), 25), $"{workload} may send mail");
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Tekton_reaches_the_intake_port_behind_the_relay_service_and_nothing_else(string overlay)
    {
        var o = rendered[overlay];
        var intake = o.Find("Service", "relay")!;
        var behindIntake = o.SelectedByService(intake).ToList();

        Assert.NotEmpty(behindIntake);
        Assert.All(behindIntake, workload =>
        {
            var port = workload.Containers.Select(c => c.NamedPort("http")).Single(p => p is not null)!.Value;
            Assert.True(NetworkPolicies.Allows(o, TektonEventsController, Pod(workload), port), $"Tekton cannot reach {workload}:{port}");
            Assert.False(NetworkPolicies.Allows(o, SomeOtherPod, Pod(workload), port), $"any pod can post events to {workload}");
        });
        Assert.All(o.Workloads.SelectMany(w => w.Containers.SelectMany(c => c.Ports).Select(p => (Workload: w, Port: p))), exposed =>
        {
            var allowed = NetworkPolicies.Allows(o, TektonEventsController, Pod(exposed.Workload), exposed.Port.Number("containerPort")!.Value);
            Assert.Equal(behindIntake.Contains(exposed.Workload) && exposed.Port.Text("name") == "http", allowed);
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Silos_reach_each_other_on_the_silo_and_gateway_ports(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.RelayContainers.Where(c => c.IsSilo), silo =>
        {
            var pod = Pod(silo.Workload);
            var cluster = o.ConfigOf(silo).Cluster;
            Assert.True(NetworkPolicies.Allows(o, pod, pod, cluster.SiloPort), "silo port");
            Assert.True(NetworkPolicies.Allows(o, pod, pod, cluster.GatewayPort), "gateway port");
            Assert.False(NetworkPolicies.Allows(o, TektonEventsController, pod, cluster.SiloPort), "Tekton reaches the silo port");
        });
    }

    [Fact]
    public void Split_receivers_reach_the_silos_gateway_port_only()
    {
        var o = rendered["split-receivers"];
        var receiver = Pod(o.Workload("relay-receiver"));
        var silo = Pod(o.Workload("relay"));
        var cluster = o.ConfigOf(o.RelayContainers.First(c => c.IsSilo)).Cluster;

        Assert.True(NetworkPolicies.Allows(o, receiver, silo, cluster.GatewayPort));
        Assert.False(NetworkPolicies.Allows(o, receiver, silo, cluster.SiloPort));
        Assert.False(NetworkPolicies.Allows(o, receiver, GitHubApi, 443), "receivers post nothing to GitHub");
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Redis_takes_connections_from_relay_pods_only(string overlay)
    {
        var o = rendered[overlay];
        var redis = o.Workloads.Where(w => w.Containers.Any(c => c.Name == "redis")).ToList();

        Assert.All(redis, store =>
        {
            var port = store.Containers.Single().NamedPort("redis")!.Value;
            Assert.All(o.RelayContainers.Select(c => c.Workload).Distinct(), relay => Assert.True(NetworkPolicies.Allows(o, Pod(relay), Pod(store), port), $"{relay} -> redis"));
            Assert.False(NetworkPolicies.Allows(o, TektonEventsController, Pod(store), port));
            Assert.False(NetworkPolicies.Allows(o, SomeOtherPod, Pod(store), port));
            Assert.False(NetworkPolicies.Allows(o, Pod(store), GitHubApi, 443));
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Relay_pods_resolve_names_and_silos_reach_github_over_https(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.RelayContainers, container =>
        {
            var pod = Pod(container.Workload);
            Assert.True(NetworkPolicies.Allows(o, pod, ClusterDns, 53, "UDP"), $"{container}: DNS over UDP");
            Assert.True(NetworkPolicies.Allows(o, pod, ClusterDns, 53, "TCP"), $"{container}: DNS over TCP");
            Assert.Equal(container.IsSilo, NetworkPolicies.Allows(o, pod, GitHubApi, 443));
        });
    }

    private static PodPeer Pod(Workload workload) => new(workload.Object.Namespace!, workload.PodLabels, workload);
}
