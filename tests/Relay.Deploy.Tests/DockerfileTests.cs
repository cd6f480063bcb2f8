using System.Text.RegularExpressions;
using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// The image the manifests run is the one the Dockerfile builds (no Docker engine here, so its text is checked):
/// every entry point a container starts is published where the container looks, as the user the pods run as.
/// </summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed partial class DockerfileTests(RenderedOverlays rendered)
{
    private static readonly string Dockerfile = File.ReadAllText(Repository.File("Dockerfile"));

    [Fact]
    public void Every_entry_point_a_container_starts_is_published_at_that_path()
    {
        var published = Publish().Matches(Dockerfile).ToDictionary(m => m.Groups["output"].Value, m => m.Groups["project"].Value);
        var entryPoints = RenderedOverlays.Names.SelectMany(name => rendered[name].RelayContainers).Select(c => c.CommandLine).ToList();

        Assert.NotEmpty(entryPoints);
        Assert.All(entryPoints, line =>
        {
            Assert.Equal("dotnet", line[0]);
            var folder = Path.GetDirectoryName(line[1])!;
            Assert.True(published.TryGetValue(folder, out var project), $"nothing is published to {folder} for '{string.Join(' ', line)}'");
            Assert.True(File.Exists(Repository.File(project)), $"{project} does not exist");
            Assert.Equal(Path.GetFileNameWithoutExtension(line[1]), Path.GetFileNameWithoutExtension(project));
        });
        Assert.Matches(@"COPY --from=build /app /app", Dockerfile);
    }

    [Fact]
    public void Build_restores_from_every_project_file_and_the_shared_build_settings()
    {
        var projects = Directory.GetFiles(Repository.File("src"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Repository.Root, p).Replace('\\', '/'));

        Assert.All(["global.json", "Directory.Build.props", "Directory.Packages.props", .. projects], file =>
            Assert.Contains(file, Dockerfile, StringComparison.Ordinal));
    }

    [Fact]
    public void Image_runs_as_the_non_root_user_the_relay_pods_run_as_on_the_chiseled_runtime()
    {
        var user = long.Parse(User().Match(Dockerfile).Groups["uid"].Value, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build", Dockerfile);
        Assert.Matches(@"FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0-noble-chiseled\s", Dockerfile);
        Assert.All(RenderedOverlays.Names.SelectMany(name => rendered[name].RelayContainers), c =>
            Assert.Equal(user, c.Json.Number("securityContext", "runAsUser") ?? c.Workload.Pod.Number("securityContext", "runAsUser")));
    }

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)[^\n]*? -o (?<output>/\S+)")]
    private static partial Regex Publish();

    [GeneratedRegex(@"^USER (?<uid>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex User();
}
