using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// The monitoring component (deploy/k8s/components/monitoring, rendered in overlays/production-monitoring): Prometheus
/// in the monitoring namespace scrapes every Relay pod's management port and nothing else; Relay reaches the OTLP
/// collector; the PodMonitor, rules and dashboard are there. Their queries are checked against a real /metrics in
/// tests/Relay.Integration.Tests/Telemetry/MonitoringQueryTests.cs.
/// </summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class MonitoringTests(RenderedOverlays rendered)
{
    private static readonly PodPeer Prometheus = new("monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" });
    private static readonly PodPeer OtelCollector = new("monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "opentelemetry-collector" });
    private static readonly PodPeer TektonEventsController = new("tekton-pipelines", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "events" });

    public static TheoryData<string> Monitored => new(RenderedOverlays.Names.Where(n => n.Contains("monitoring", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Monitored))]
    public void Prometheus_reaches_every_relay_pods_management_port_and_no_other_port(string overlay)
    {
        var o = rendered[overlay];

        Assert.NotEmpty(o.RelayContainers);
        Assert.All(o.RelayContainers, container =>
        {
            var pod = Pod(container.Workload);
            var management = container.NamedPort("management")!.Value;
            Assert.True(NetworkPolicies.Allows(o, Prometheus, pod, management), $"Prometheus cannot scrape {container}");
            Assert.False(NetworkPolicies.Allows(o, TektonEventsController, pod, management), $"Tekton reaches {container}'s management port");
            Assert.All(container.Ports.Select(p => p.Number("containerPort")!.Value).Where(p => p != management),
                other => Assert.False(NetworkPolicies.Allows(o, Prometheus, pod, other), $"Prometheus reaches {container}:{other}"));
            Assert.True(NetworkPolicies.Allows(o, pod, OtelCollector, 4317), $"{container} cannot export OTLP");
        });
    }

    [Theory]
    [MemberData(nameof(Monitored))]
    public void Pod_monitor_scrapes_metrics_on_the_management_port_of_every_relay_pod(string overlay)
    {
        var o = rendered[overlay];
        var monitor = Assert.Single(o.OfKind("PodMonitor"));
        var endpoint = Assert.Single(monitor.Spec.Objects("podMetricsEndpoints"));

        Assert.Equal(("management", "/metrics"), (endpoint.Text("port"), endpoint.Text("path")));
        Assert.Equal(o.RelayContainers.Select(c => c.Workload).Distinct(), o.SelectedBy(monitor.Spec.At("selector")).Where(w => w.Containers.Any(c => c.RelayAssembly is not null)));
        Assert.DoesNotContain(o.SelectedBy(monitor.Spec.At("selector")), w => w.Containers.All(c => c.RelayAssembly is null));
    }

    [Theory]
    [MemberData(nameof(Monitored))]
    public void Rules_cover_silos_outbox_dead_letters_503s_provider_errors_and_rate_limits(string overlay)
    {
        var rule = Assert.Single(rendered[overlay].OfKind("PrometheusRule"));
        var alerts = rule.Spec.Objects("groups").SelectMany(g => g.Objects("rules")).Select(r => r.Text("alert")).ToList();

        Assert.Equal(
            ["RelaySilosBelowExpected", "RelayOutboxGrowing", "RelayDeadLettersIncreasing", "RelayIntakeUnavailable", "RelayProviderErrors", "RelayProviderRateLimited"],
            alerts);
        Assert.Equal("10m", rule.Spec.Objects("groups").SelectMany(g => g.Objects("rules")).Single(r => r.Text("alert") == "RelayOutboxGrowing").Text("for"));
    }

    [Theory]
    [MemberData(nameof(Monitored))]
    public void Grafana_dashboard_is_a_config_map_the_sidecar_picks_up(string overlay)
    {
        var dashboard = Assert.Single(rendered[overlay].OfKind("ConfigMap"), c => c.Name.StartsWith("relay-grafana-dashboard", StringComparison.Ordinal));

        Assert.Equal("1", dashboard.Json.Text("metadata", "labels", "grafana_dashboard"));
        using var json = System.Text.Json.JsonDocument.Parse(dashboard.Json.Text("data", "relay-dashboard.json")!);
        Assert.True(json.RootElement.GetProperty("panels").GetArrayLength() >= 8);
    }

    [Theory]
    [InlineData("production")]
    [InlineData("split-receivers")]
    [InlineData("helm-production")]
    [InlineData("helm-split-receivers")]
    public void Overlays_without_the_component_admit_no_scraper(string overlay)
    {
        var o = rendered[overlay];

        Assert.All(o.RelayContainers, container =>
            Assert.False(NetworkPolicies.Allows(o, Prometheus, Pod(container.Workload), container.NamedPort("management")!.Value)));
    }

    private static PodPeer Pod(Workload workload) => new(workload.Object.Namespace!, workload.PodLabels, workload);
}
