using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>The relay.yaml each overlay mounts is one Relay accepts: <c>Relay.Silo.dll --validate</c> exits 0 on it.</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class RelayConfigValidationTests(RenderedOverlays rendered)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public async Task Mounted_relay_yaml_passes_validate(string overlay)
    {
        var o = rendered[overlay];
        var configs = o.RelayContainers.Select(c => o.ConfigOf(c).Yaml).Distinct().ToList();
        Assert.NotEmpty(configs);

        foreach (var yaml in configs)
        {
            var file = Path.Combine(Directory.CreateTempSubdirectory("relay-k8s-config-").FullName, "relay.yaml");
            await File.WriteAllTextAsync(file, yaml);

            var result = await RelayValidate(file);

            Assert.True(result.ExitCode == 0, $"{overlay}: --validate exited {result.ExitCode}:\n{result.Output}{result.Error}");
            Assert.Contains("valid", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_rejects_a_config_map_with_a_mistake()
    {
        var yaml = rendered["production"].ConfigOf(rendered["production"].RelayContainers.First()).Yaml
            .Replace("clustering: redis", "clustering: kubernetes", StringComparison.Ordinal);
        var file = Path.Combine(Directory.CreateTempSubdirectory("relay-k8s-config-").FullName, "relay.yaml");
        await File.WriteAllTextAsync(file, yaml);

        var result = await RelayValidate(file);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cluster.clustering", result.Output, StringComparison.Ordinal);
    }

    private static async Task<CommandResult> RelayValidate(string file)
    {
        try
        {
            return await Command.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "Relay.Silo.dll"), "--validate", "--config", file], TimeSpan.FromSeconds(60));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }
}
