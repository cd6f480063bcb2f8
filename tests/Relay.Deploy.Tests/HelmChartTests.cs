using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// deploy/helm/relay renders the same objects as the kustomize overlays (same kinds and names, same specs, the same
/// relay.yaml), and its values.schema.json refuses what would render a broken release. Every other test of the
/// collection also runs on the chart's renderings (helm-*).
/// </summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed partial class HelmChartTests(RenderedOverlays rendered)
{
    public static TheoryData<string> Renderings => new(RenderedOverlay.HelmRenderings.Keys);

    [Theory]
    [MemberData(nameof(Renderings))]
    public void Chart_renders_the_objects_of_its_overlay(string helm)
    {
        var (chart, overlay) = (rendered[helm], rendered[RenderedOverlay.HelmRenderings[helm].Overlay]);

        Assert.Equal(Identities(overlay), Identities(chart));
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public void Every_spec_equals_the_overlays(string helm)
    {
        var (chart, overlay) = (rendered[helm], rendered[RenderedOverlay.HelmRenderings[helm].Overlay]);

        Assert.All(overlay.Objects.Where(o => o.Spec is not null), expected =>
        {
            var actual = chart.Objects.Single(o => o.Kind == expected.Kind && o.Name == BaseName(expected.Name));
            var (want, got) = (Normalized(expected.Spec!), Normalized(actual.Spec!));
            Assert.True(JsonNode.DeepEquals(want, got), $"{expected}: overlay spec\n{want.ToJsonString()}\nchart spec\n{got.ToJsonString()}");
        });
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public void Relay_configuration_and_config_map_files_equal_the_overlays(string helm)
    {
        var (chart, overlay) = (rendered[helm], rendered[RenderedOverlay.HelmRenderings[helm].Overlay]);

        Assert.All(overlay.OfKind("ConfigMap"), expected =>
        {
            var actual = chart.Find("ConfigMap", BaseName(expected.Name));
            Assert.NotNull(actual);
            foreach (var (key, value) in expected.Json["data"]!.AsObject())
            {
                var (want, got) = (value!.GetValue<string>(), actual.Json.Text("data", key)!);
                if (key.EndsWith(".yaml", StringComparison.Ordinal))
                {
                    Assert.Equal(Flatten(want), Flatten(got));
                }
                else
                {
                    Assert.Equal(want.Trim(), got.Trim());
                }
            }
        });
    }

    [Fact]
    public void Chart_files_are_the_ones_the_overlays_use()
    {
        foreach (var (chartFile, source) in new[]
        {
            ("relay-dashboard.json", Repository.File("deploy", "k8s", "components", "monitoring", "relay-dashboard.json")),
            ("prometheusrule.yaml", Repository.File("deploy", "k8s", "components", "monitoring", "prometheusrule.yaml")),
            ("redis.conf", Repository.File("deploy", "k8s", "base", "redis.conf")),
        })
        {
            Assert.Equal(File.ReadAllText(source), File.ReadAllText(Path.Combine(Helm.Chart, "files", chartFile)));
        }
    }

    [Fact]
    public async Task Image_is_one_value_for_silos_and_receivers()
    {
        var yaml = await Helm.TemplateAsync(["topology=split-receivers", "image.repository=registry.example.com/relay", "image.tag=9.9.9"]);
        var images = YamlDocuments.Read(yaml).Select(o => new KubeObject(o)).Where(o => o.Kind == "Deployment")
            .SelectMany(o => o.Json.Objects("spec", "template", "spec", "containers")).Select(c => c.Text("image"));

        Assert.Equal(["registry.example.com/relay:9.9.9", "registry.example.com/relay:9.9.9"], images);
    }

    [Fact]
    public async Task External_redis_with_a_password_secret_and_tls_replaces_the_in_chart_one()
    {
        var yaml = await Helm.TemplateAsync(["redis.enabled=false", "redis.external.host=redis.example.internal", "redis.external.tls=true",
            "redis.external.passwordSecret.name=relay-redis", "redis.external.cidr=10.20.0.0/24"]);
        var objects = YamlDocuments.Read(yaml).Select(o => new KubeObject(o)).ToList();
        var silo = objects.Single(o => o.Kind == "Deployment" && o.Name == "relay");
        var env = silo.Json.Objects("spec", "template", "spec", "containers").Single().Objects("env").ToList();

        Assert.DoesNotContain(objects, o => o.Kind == "StatefulSet");
        Assert.Equal("relay-redis", env.Single(e => e.Text("name") == "REDIS_PASSWORD").Text("valueFrom", "secretKeyRef", "name"));
        Assert.Equal("redis.example.internal:6379,ssl=true,password=$(REDIS_PASSWORD)", env.Single(e => e.Text("name") == "cluster__redis__connection_string").Text("value"));
        var egress = objects.Single(o => o.Kind == "NetworkPolicy" && o.Name == "relay-to-redis");
        Assert.Equal("10.20.0.0/24", egress.Spec.Objects("egress").Single().Objects("to").Single().Text("ipBlock", "cidr"));
    }

    [Theory]
    [InlineData("topology=typo", "/topology")]
    [InlineData("redis.enabled=false", "/redis/external")]
    [InlineData("auth.type=bearer", "/auth")]
    [InlineData("silo.replicas=0", "/silo/replicas")]
    [InlineData("github.actions[0].type=check_runs", "/github/actions/0/type")]
    [InlineData("imagee.tag=1", "imagee")]
    [InlineData("config.notifer.slack=x", "notifer")]
    public async Task Values_schema_refuses_values_that_would_render_a_broken_release(string value, string path)
    {
        var result = await Helm.RunAsync(["template", "relay", Helm.Chart, "--namespace", "relay", "--set", value]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
    }

    private static List<string> Identities(RenderedOverlay o) =>
        o.Objects.Select(x => $"{x.Kind}/{BaseName(x.Name)}").Order(StringComparer.Ordinal).ToList();

    /// <summary>A generated ConfigMap's name without kustomize's content hash.</summary>
    private static string BaseName(string name) => HashSuffix().Replace(name, "");

    /// <summary>The spec without what legitimately differs: labels and annotations of templates, ConfigMap hashes.</summary>
    private static JsonNode Normalized(JsonNode spec)
    {
        var copy = JsonNode.Parse(HashSuffix().Replace(spec.ToJsonString(), ""))!;
        if (copy["template"]?["metadata"] is JsonObject metadata)
        {
            metadata.Remove("labels");
            metadata.Remove("annotations");
        }

        foreach (var claim in copy["volumeClaimTemplates"]?.AsArray() ?? [])
        {
            (claim?["metadata"] as JsonObject)?.Remove("labels");
        }

        return Trim(copy)!;
    }

    private static JsonNode? Trim(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Trim(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Trim).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var s) => JsonValue.Create(s.Trim()),
        _ => node?.DeepClone(),
    };

    private static Dictionary<string, string?> Flatten(string yaml)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(yaml));
        return new ConfigurationBuilder().AddYamlStream(stream).Build().AsEnumerable()
            .Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
    }

    [GeneratedRegex("-[a-z0-9]{10}(?=\"|$)")]
    private static partial Regex HashSuffix();
}
