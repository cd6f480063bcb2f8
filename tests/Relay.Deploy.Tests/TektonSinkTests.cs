using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>The Tekton example and the README send Tekton's events to the Service in front of Relay's intake.</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class TektonSinkTests(RenderedOverlays rendered)
{
    private static readonly KubeObject ConfigEvents =
        new(YamlDocuments.Read(File.ReadAllText(RenderedOverlays.TektonExample)).Single());

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Config_events_sink_is_the_relay_service_port_that_leads_to_the_intake(string overlay)
    {
        var o = rendered[overlay];
        var sink = new Uri(ConfigEvents.Json.Text("data", "sink")!);
        var host = sink.Host.Split('.');

        Assert.Equal(("config-events", "tekton-pipelines"), (ConfigEvents.Name, ConfigEvents.Namespace));
        Assert.Equal(("http", "/"), (sink.Scheme, sink.AbsolutePath));
        Assert.Equal("svc", host[2]);
        var service = o.Find("Service", host[0]);
        Assert.NotNull(service);
        Assert.Equal(host[1], service.Namespace);
        var port = Assert.Single(service.Spec.Objects("ports"), p => p.Number("port") == sink.Port);
        Assert.All(o.SelectedByService(service), workload => Assert.Contains(workload.Containers,
            c => c.RelayAssembly is not null && c.Port(port.At("targetPort")) == c.NamedPort("http")));
    }

    [Fact]
    public void Readme_shows_how_to_point_tekton_at_relay()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));

        Assert.Contains("deploy/k8s/tekton/config-events.yaml", readme, StringComparison.Ordinal);
        Assert.Contains(ConfigEvents.Json.Text("data", "sink")!, readme, StringComparison.Ordinal);
        Assert.Contains("docs/kubernetes.md", readme, StringComparison.Ordinal);
    }
}
