using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace Relay.Deploy.Tests.Tooling;

/// <summary>
/// Renders deploy/helm/relay with <c>helm template</c>. The helm used is <c>$RELAY_HELM</c>, else the copy tests/run.sh
/// installs in <c>tools/bin</c>, else the one on PATH; it must be Helm 3 or later.
/// </summary>
internal static partial class Helm
{
    public static readonly string Chart = Repository.File("deploy", "helm", "relay");

    private static readonly Lazy<Task<string>> Executable = new(FindAsync);

    /// <summary>The manifests the chart renders for release "relay" in namespace "relay" with <paramref name="values"/> (--set).</summary>
    public static async Task<string> TemplateAsync(IEnumerable<string> values)
    {
        var result = await RunAsync(["template", "relay", Chart, "--namespace", "relay", .. values.SelectMany(v => new[] { "--set", v })]);
        if (result.ExitCode != 0)
        {
            throw new XunitException($"helm template {Chart} failed ({result.ExitCode}):\n{result.Error}");
        }

        return result.Output;
    }

    /// <summary>Runs helm with <paramref name="arguments"/> (for tests of failures too).</summary>
    public static async Task<CommandResult> RunAsync(IReadOnlyList<string> arguments) =>
        await Command.RunAsync(await Executable.Value, arguments, TimeSpan.FromSeconds(60));

    private static async Task<string> FindAsync()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("RELAY_HELM"),
            Path.Combine(Repository.Tools, "bin", "helm") is var installed && File.Exists(installed) ? installed : null,
            Command.FindOnPath("helm"),
        };
        var helm = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c))
            ?? throw new XunitException("helm not found (RELAY_HELM, tests/Relay.Deploy.Tests/tools/bin/helm, PATH): bash tests/run.sh installs one.");
        var version = await Command.RunAsync(helm, ["version", "--short"], TimeSpan.FromSeconds(30));
        var major = HelmMajor().Match(version.Output);
        if (version.ExitCode != 0 || !major.Success || int.Parse(major.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture) < 3)
        {
            throw new XunitException($"{helm} is not Helm 3 or later (it printed: {version.Output.Trim()} {version.Error.Trim()}); bash tests/run.sh installs one.");
        }

        return helm;
    }

    [GeneratedRegex(@"v(?<major>\d+)\.")]
    private static partial Regex HelmMajor();
}
