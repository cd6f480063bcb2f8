using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>Probes ask the questions the app answers: /healthz is liveness, /readyz readiness (SPEC §1).</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class ProbeTests(RenderedOverlays rendered)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Relay_probes_call_healthz_and_readyz_on_the_management_port(string overlay)
    {
        Assert.All(rendered[overlay].RelayContainers, container =>
        {
            var http = (long?)rendered[overlay].ConfigOf(container).ManagementPort;
            Assert.NotNull(http);
            Assert.Equal(http, container.NamedPort("management"));
            foreach (var (probe, path) in new[] { ("startupProbe", "/healthz"), ("livenessProbe", "/healthz"), ("readinessProbe", "/readyz") })
            {
                Assert.Equal(path, container.Json.Text(probe, "httpGet", "path"));
                Assert.Equal(http, container.Port(container.Json.At(probe, "httpGet", "port")));
            }
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Every_long_running_container_has_readiness_and_liveness_probes_it_can_answer(string overlay)
    {
        var containers = rendered[overlay].Workloads.SelectMany(w => w.Pod.Objects("containers").Select(c => new Container(w, c)));

        Assert.All(containers, container =>
        {
            foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
            {
                var handler = container.Json.At(probe);
                Assert.True(handler is not null, $"{container} has no {probe}");
                var port = handler.At("httpGet", "port") ?? handler.At("tcpSocket", "port");
                if (port is not null)
                {
                    Assert.True(container.Port(port) is not null, $"{container} {probe}: no container port {port.ToJsonString()}");
                }
                else
                {
                    Assert.NotEmpty(handler.Strings("exec", "command"));
                }
            }
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Startup_budget_gives_a_silo_time_to_join_before_liveness_counts(string overlay)
    {
        Assert.All(rendered[overlay].RelayContainers, container =>
        {
            var budget = container.Json.Number("startupProbe", "periodSeconds") * container.Json.Number("startupProbe", "failureThreshold");
            Assert.InRange(budget ?? 0, 60, 300);
        });
    }
}
