using Relay.Deploy.Tests.Manifests;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>Every container runs locked down (the "restricted" Pod Security Standard) and within stated resources.</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class SecurityTests(RenderedOverlays rendered)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Every_container_runs_as_non_root_with_a_read_only_root_and_no_capabilities(string overlay)
    {
        Assert.All(rendered[overlay].Workloads.SelectMany(w => w.Containers), container =>
        {
            var pod = container.Workload.Pod;
            var security = container.Json.At("securityContext");
            Assert.True(security.Flag("runAsNonRoot") ?? pod.Flag("securityContext", "runAsNonRoot"), $"{container}: runAsNonRoot");
            Assert.NotEqual(0, security.Number("runAsUser") ?? pod.Number("securityContext", "runAsUser") ?? 0);
            Assert.False(security.Flag("allowPrivilegeEscalation") ?? true, $"{container}: allowPrivilegeEscalation");
            Assert.True(security.Flag("readOnlyRootFilesystem"), $"{container}: readOnlyRootFilesystem");
            Assert.False(security.Flag("privileged") ?? false, $"{container}: privileged");
            Assert.Contains("ALL", security.Strings("capabilities", "drop"));
            Assert.Empty(security.Strings("capabilities", "add"));
            Assert.Equal("RuntimeDefault", security.Text("seccompProfile", "type") ?? pod.Text("securityContext", "seccompProfile", "type"));
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Every_container_states_cpu_and_memory_requests_and_limits(string overlay)
    {
        Assert.All(rendered[overlay].Workloads.SelectMany(w => w.Containers), container =>
        {
            foreach (var kind in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    Assert.True(container.Json.At("resources", kind, resource) is not null, $"{container}: resources.{kind}.{resource}");
                }
            }
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Pods_get_no_api_token_no_service_link_variables_and_no_host_namespaces(string overlay)
    {
        Assert.All(rendered[overlay].Workloads, workload =>
        {
            Assert.False(workload.Pod.Flag("automountServiceAccountToken") ?? true, $"{workload}: automountServiceAccountToken");
            // Relay binds every environment variable as configuration; Redis needs none of them either.
            Assert.False(workload.Pod.Flag("enableServiceLinks") ?? true, $"{workload}: enableServiceLinks");
            foreach (var host in new[] { "hostNetwork", "hostPID", "hostIPC" })
            {
                Assert.False(workload.Pod.Flag(host) ?? false, $"{workload}: {host}");
            }

            Assert.DoesNotContain(workload.Pod.Objects("volumes"), v => v.At("hostPath") is not null);
        });
    }

    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Images_are_pinned_to_a_tag_and_the_relay_containers_share_one(string overlay)
    {
        var o = rendered[overlay];
        var images = o.Workloads.SelectMany(w => w.Containers).Select(c => c.Json.Text("image") ?? "").ToList();

        Assert.All(images, image =>
        {
            var tag = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.False(tag is "" or "latest", $"image '{image}' has no pinned tag");
        });
        Assert.Single(o.RelayContainers.Select(c => c.Json.Text("image")).Distinct());
    }
}
