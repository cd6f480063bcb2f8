using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// One image pin for production: overlays/production names the Relay image once, and split-receivers (built on it) runs
/// that image in every Relay container, receivers included, so setting the tag in production can leave nothing behind.
/// </summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class ImagePinTests(RenderedOverlays rendered)
{
    [Fact]
    public void Split_receivers_run_the_image_production_pins()
    {
        var pinned = rendered["production"].RelayContainers.Select(c => c.Json.Text("image")).Distinct().Single();

        Assert.All(rendered["split-receivers"].RelayContainers, c => Assert.Equal(pinned, c.Json.Text("image")));
        Assert.DoesNotContain("newTag", File.ReadAllText(Repository.File("deploy", "k8s", "overlays", "split-receivers", "kustomization.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Setting_the_image_in_production_moves_every_split_receivers_workload_to_it()
    {
        var copy = Directory.CreateTempSubdirectory("relay-k8s-pin-");
        try
        {
            CopyTree(Repository.File("deploy", "k8s"), copy.FullName);
            var production = Path.Combine(copy.FullName, "overlays", "production", "kustomization.yaml");
            var text = await File.ReadAllTextAsync(production);
            await File.WriteAllTextAsync(production, text.Replace("  - name: relay\n    newTag: \"0.1.0\"", "  - name: relay\n    newName: registry.example.com/relay\n    newTag: \"9.9.9\"", StringComparison.Ordinal));

            var yaml = await Kubectl.KustomizeAsync(Path.Combine(copy.FullName, "overlays", "split-receivers"));
            var images = YamlDocuments.Read(yaml).Select(o => new KubeObject(o))
                .Where(o => o.Kind == "Deployment")
                .SelectMany(o => o.Json.Objects("spec", "template", "spec", "containers"))
                .Select(c => c.Text("image"))
                .ToList();

            Assert.Equal(["registry.example.com/relay:9.9.9", "registry.example.com/relay:9.9.9"], images);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
