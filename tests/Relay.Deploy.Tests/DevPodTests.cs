using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>The dev overlay's single pod runs without Redis and stops within its grace period.</summary>
public sealed class DevPodTests
{
    [Fact]
    public async Task Dev_pod_starts_without_redis_passes_its_probes_and_stops_within_its_grace_period()
    {
        var dev = await RenderedOverlay.RenderAsync("dev");
        var container = dev.RelayContainers.Single();
        await using var pod = PodProcess.Start(dev, container, "relay-5d4c8b7f6-dev01");

        await pod.WaitForProbeAsync("startupProbe", TimeSpan.FromSeconds(60));
        await pod.WaitForProbeAsync("readinessProbe", TimeSpan.FromSeconds(30));
        await pod.WaitForProbeAsync("livenessProbe", TimeSpan.FromSeconds(10));
        var grace = container.Workload.Pod.Number("terminationGracePeriodSeconds")!.Value;
        var preStop = container.Json.Number("lifecycle", "preStop", "sleep", "seconds") ?? 0;
        var (elapsed, exitCode) = await pod.TerminateAsync(TimeSpan.FromSeconds(grace - preStop));

        Assert.Equal(0, exitCode);
        Assert.True(elapsed < TimeSpan.FromSeconds(grace - preStop), $"stopped in {elapsed}");
    }
}
