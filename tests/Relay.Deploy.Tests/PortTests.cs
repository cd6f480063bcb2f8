using System.Text.Json.Nodes;
using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>Ports agree across objects: with the app's configuration, the Services and the network policies.</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class PortTests(RenderedOverlays rendered)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Relay_container_ports_are_the_ones_relay_listens_on(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.RelayContainers, container =>
        {
            Assert.Equal(new Uri(container.Argument("--urls")!).Port, container.NamedPort("http"));
            Assert.Equal((long?)o.ConfigOf(container).ManagementPort, container.NamedPort("management"));
            if (container.IsSilo)
            {
                var cluster = o.ConfigOf(container).Cluster;
                Assert.Equal(cluster.SiloPort, container.NamedPort("silo"));
                Assert.Equal(cluster.GatewayPort, container.NamedPort("gateway"));
            }
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Services_target_ports_that_every_selected_pod_exposes(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.OfKind("Service"), service => Assert.All(service.Spec.Objects("ports"), port =>
            Assert.All(o.SelectedByService(service), workload => Assert.True(
                workload.Containers.Any(c => c.Port(port.At("targetPort") ?? port.At("port")) is not null),
                $"{service} port {port.ToJsonString()}: {workload} exposes no such port"))));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Network_policy_ports_exist_on_the_pods_they_admit_traffic_to(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.OfKind("NetworkPolicy"), policy =>
        {
            var ingress = policy.Spec.Objects("ingress").SelectMany(rule => rule.Objects("ports")
                .Select(port => (Port: port, Targets: o.SelectedBy(policy.Spec.At("podSelector")))));
            var egress = policy.Spec.Objects("egress").SelectMany(rule => rule.Objects("ports")
                .Select(port => (Port: port, Targets: rule.Objects("to")
                    .Where(peer => peer.At("podSelector") is not null && peer.At("namespaceSelector") is null)
                    .SelectMany(peer => o.SelectedBy(peer.At("podSelector"))))));
            Assert.All(ingress.Concat(egress), rule => Assert.All(rule.Targets, workload => Assert.True(
                workload.Containers.Any(c => c.Port(rule.Port.At("port")) is not null),
                $"{policy}: {workload} exposes no port {rule.Port.ToJsonString()}")));
        });
    }
}
