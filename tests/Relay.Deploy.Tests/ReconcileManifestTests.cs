using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// The reconciler's Kubernetes API access (docs/reconcile.md) exists only where it is turned on: every default rendering
/// grants none, and the reconcile component (overlays/production-reconcile) and the chart's <c>reconcile.*</c> values grant
/// exactly get, list and watch on Tekton runs in the watched namespaces, the token on silo pods, and reconcile enabled.
/// </summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class ReconcileManifestTests(RenderedOverlays rendered)
{
    private static readonly string[] RbacKinds = ["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"];

    public static TheoryData<string> All => RenderedOverlays.All;

    [Theory]
    [MemberData(nameof(All))]
    public void Default_manifests_grant_no_kubernetes_api_access(string name)
    {
        var overlay = rendered[name];

        Assert.DoesNotContain(overlay.Objects, o => RbacKinds.Contains(o.Kind));
        Assert.All(overlay.Workloads, w => Assert.False(w.Pod.Flag("automountServiceAccountToken") ?? true, $"{w} mounts a token"));
        Assert.All(overlay.OfKind("ServiceAccount"), a => Assert.False(a.Json.Flag("automountServiceAccountToken") ?? true));
    }

    [Fact]
    public async Task Reconcile_component_grants_read_access_to_tekton_runs_in_the_watched_namespace_only()
    {
        var overlay = RenderedOverlay.Parse("production-reconcile", await Kubectl.KustomizeAsync(Repository.File("deploy", "k8s", "overlays", "production-reconcile")));

        AssertReadAccess(overlay, ["ci"], "relay");
        var silo = overlay.Workload("relay");
        Assert.True(silo.Pod.Flag("automountServiceAccountToken"));
        var env = silo.Containers.Single(c => c.IsSilo).Json.Objects("env").ToDictionary(e => e.Text("name")!, e => e.Text("value"));
        Assert.Equal("true", env["reconcile__enabled"]);
        Assert.Equal("ci", env["reconcile__namespaces__0"]);
        Assert.All(overlay.Workloads.Where(w => w.Name != "relay"), w => Assert.False(w.Pod.Flag("automountServiceAccountToken") ?? true, $"{w} mounts a token"));
        Assert.NotNull(overlay.Find("NetworkPolicy", "relay-to-kube-apiserver"));
        await AssertSchemaValidAsync(overlay);
    }

    [Fact]
    public async Task Chart_reconcile_values_render_a_role_per_namespace_the_config_and_the_token_on_silos()
    {
        var chart = RenderedOverlay.Parse("helm-reconcile", await Helm.TemplateAsync(
            ["namespace.create=true", "reconcile.enabled=true", "reconcile.namespaces={ci,team-a}", "reconcile.after=5m", "reconcile.interval=30s"]));

        AssertReadAccess(chart, ["ci", "team-a"], "relay");
        var silo = chart.Workloads.Single(w => w.Containers.Any(c => c.IsSilo));
        Assert.True(silo.Pod.Flag("automountServiceAccountToken"));
        var config = chart.ConfigOf(silo.Containers.Single(c => c.IsSilo)).Yaml;
        Assert.Contains("reconcile:", config, StringComparison.Ordinal);
        Assert.Contains("enabled: true", config, StringComparison.Ordinal);
        Assert.Contains("after: 5m", config, StringComparison.Ordinal);
        Assert.Contains("interval: 30s", config, StringComparison.Ordinal);
        Assert.Contains("- team-a", config, StringComparison.Ordinal);
        Assert.NotNull(chart.Find("NetworkPolicy", "relay-to-kube-apiserver"));
        await AssertSchemaValidAsync(chart);
    }

    [Fact]
    public async Task Chart_refuses_reconcile_without_namespaces()
    {
        var result = await Helm.RunAsync(["template", "relay", Helm.Chart, "--namespace", "relay", "--set", "reconcile.enabled=true"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("reconcile/namespaces", result.Error, StringComparison.Ordinal);
    }

    private static void AssertReadAccess(RenderedOverlay overlay, string[] namespaces, string relayNamespace)
    {
        var roles = overlay.OfKind("Role").ToList();
        Assert.Equal(namespaces.Order(), roles.Select(r => r.Namespace!).Order());
        Assert.Empty(overlay.OfKind("ClusterRole"));
        Assert.Empty(overlay.OfKind("ClusterRoleBinding"));
        foreach (var role in roles)
        {
            var rule = Assert.Single(role.Json.Objects("rules"));
            Assert.Equal(["tekton.dev"], rule.Strings("apiGroups"));
            Assert.Equal(["pipelineruns", "taskruns"], rule.Strings("resources").Order());
            Assert.Equal(["get", "list", "watch"], rule.Strings("verbs").Order());
            var binding = Assert.Single(overlay.OfKind("RoleBinding"), b => b.Namespace == role.Namespace);
            Assert.Equal(("Role", role.Name), (binding.Json.Text("roleRef", "kind"), binding.Json.Text("roleRef", "name")));
            var subject = Assert.Single(binding.Json.Objects("subjects"));
            Assert.Equal(("ServiceAccount", "relay", relayNamespace), (subject.Text("kind"), subject.Text("name"), subject.Text("namespace")));
        }
    }

    private static async Task AssertSchemaValidAsync(RenderedOverlay overlay)
    {
        var file = Path.Combine(Path.GetTempPath(), $"relay-{overlay.Name}-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, overlay.Yaml);
        try
        {
            var report = await SchemaValidator.ValidateAsync([file]);
            Assert.Empty(report.Errors);
            Assert.True(report.ObjectsChecked > 0);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
