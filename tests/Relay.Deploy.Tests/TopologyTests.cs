using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>Each overlay is the topology it promises (DESIGN.md "Topologies"), with Redis kept safe where there is one.</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class TopologyTests(RenderedOverlays rendered)
{
    [Fact]
    public void Dev_is_one_all_in_one_pod_without_redis()
    {
        var o = rendered["dev"];
        var silo = Assert.Single(o.RelayContainers);

        Assert.True(silo.IsSilo);
        Assert.Equal(1, silo.Workload.Object.Spec.Number("replicas"));
        Assert.Equal(("localhost", "memory"), (o.ConfigOf(silo).Cluster.Clustering, o.ConfigOf(silo).Cluster.Storage));
        Assert.Single(o.Workloads);
        Assert.DoesNotContain(o.Objects, x => x.Name.StartsWith("redis", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("production")]
    [InlineData("split-receivers")]
    public void Cluster_overlays_run_three_silos_over_redis_reached_through_its_service(string overlay)
    {
        var o = rendered[overlay];
        var silo = o.RelayContainers.Single(c => c.IsSilo);
        var cluster = o.ConfigOf(silo).Cluster;

        Assert.Equal(3, silo.Workload.Object.Spec.Number("replicas"));
        Assert.Equal(("redis", "redis"), (cluster.Clustering, cluster.Storage));
        var (host, port) = HostAndPort(cluster.Redis.ConnectionString!);
        var service = o.Find("Service", host);
        Assert.NotNull(service);
        Assert.Contains(service.Spec.Objects("ports"), p => p.Number("port") == port);
        var redis = Assert.Single(o.SelectedByService(service));
        Assert.Equal("StatefulSet", redis.Kind);
        Assert.Equal(1, redis.Object.Spec.Number("replicas"));
    }

    [Theory]
    [InlineData("production")]
    [InlineData("split-receivers")]
    public void Redis_persists_to_a_claimed_volume_and_never_evicts_or_flushes(string overlay)
    {
        var o = rendered[overlay];
        var redis = o.Workload("redis");
        var container = redis.Containers.Single();
        var conf = RedisConf.Parse(o.ConfigMapFile(container, container.CommandLine[1])!);

        Assert.Equal("noeviction", conf["maxmemory-policy"]);
        Assert.Equal("yes", conf["appendonly"]);
        Assert.Contains("-flushall", conf["user"], StringComparison.Ordinal);
        Assert.Contains("-flushdb", conf["user"], StringComparison.Ordinal);
        var (mount, _) = container.MountOf(conf["dir"] + "/appendonlydir")!.Value;
        Assert.Contains(redis.Object.Spec.Objects("volumeClaimTemplates"), claim => claim.Text("metadata", "name") == mount.Text("name"));
        Assert.Equal("Retain", redis.Object.Spec.Text("persistentVolumeClaimRetentionPolicy", "whenDeleted"));
        Assert.True(RedisConf.Bytes(conf["maxmemory"]) < Quantity.Bytes(container.Json.Text("resources", "limits", "memory")!),
            "maxmemory must stay below the container's memory limit");
    }

    [Fact]
    public void Production_pins_the_release_and_sizes_redis_for_growth()
    {
        var o = rendered["production"];
        var claim = o.Workload("redis").Object.Spec.Objects("volumeClaimTemplates").Single();

        Assert.True(Quantity.Bytes(claim.Text("spec", "resources", "requests", "storage")!) >= Quantity.Bytes("10Gi"));
        Assert.All(o.RelayContainers, c => Assert.DoesNotContain(":dev", c.Json.Text("image"), StringComparison.Ordinal));
    }

    [Fact]
    public void Split_receivers_take_tekton_events_and_scale_with_an_autoscaler()
    {
        var o = rendered["split-receivers"];
        var receiver = o.RelayContainers.Single(c => c.RelayAssembly == "Relay.Receiver");
        var hpa = Assert.Single(o.OfKind("HorizontalPodAutoscaler"));

        Assert.Equal([receiver.Workload], o.SelectedByService(o.Find("Service", "relay")!));
        Assert.Equal(receiver.Workload.Name, hpa.Spec.Text("scaleTargetRef", "name"));
        Assert.True(hpa.Spec.Number("minReplicas") >= 2);
        Assert.Null(receiver.Workload.Object.Spec.At("replicas"));
        Assert.Contains(hpa.Spec.Objects("metrics"), m => m.Text("resource", "name") == "cpu");
        Assert.Equal("redis", o.ConfigOf(receiver).Cluster.Clustering);
        Assert.Equal([o.Workload("relay")], o.SelectedByService(o.Find("Service", "relay-dashboard")!));
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void The_dashboard_and_everything_else_stay_inside_the_cluster(string overlay)
    {
        var o = rendered[overlay];
        var dashboard = o.Find("Service", "relay-dashboard");

        Assert.NotNull(dashboard);
        Assert.All(o.SelectedByService(dashboard), w => Assert.Contains(w.Containers, c => c.IsSilo));
        Assert.All(o.OfKind("Service"), s => Assert.Contains(s.Spec.Text("type") ?? "ClusterIP", new[] { "ClusterIP" }));
        Assert.DoesNotContain(o.Objects, x => x.Kind is "Ingress" or "Route" or "HTTPRoute" or "Gateway");
    }

    private static (string Host, int Port) HostAndPort(string connectionString)
    {
        var endpoint = connectionString.Split(',')[0];
        var colon = endpoint.LastIndexOf(':');
        return colon < 0 ? (endpoint, 6379) : (endpoint[..colon], int.Parse(endpoint[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }
}
