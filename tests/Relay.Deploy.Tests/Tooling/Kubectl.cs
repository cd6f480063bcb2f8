using System.Text.RegularExpressions;
using Xunit.Sdk;

namespace Relay.Deploy.Tests.Tooling;

/// <summary>
/// Renders kustomizations with <c>kubectl kustomize</c>. The kubectl used is <c>$RELAY_KUBECTL</c>, else the copy
/// tests/run.sh installs in <c>tools/bin</c>, else the one on PATH; it must bundle kustomize v5 or later.
/// </summary>
internal static partial class Kubectl
{
    private const int MinimumKustomizeMajor = 5;

    private static readonly Lazy<Task<string>> Executable = new(FindAsync);

    /// <summary>The manifests <paramref name="directory"/> renders to, as <c>kubectl kustomize</c> prints them.</summary>
    public static async Task<string> KustomizeAsync(string directory)
    {
        var kubectl = await Executable.Value;
        var result = await Command.RunAsync(kubectl, ["kustomize", directory], TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new XunitException($"kubectl kustomize {directory} failed ({result.ExitCode}):\n{result.Error}");
        }

        return result.Output;
    }

    private static async Task<string> FindAsync()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("RELAY_KUBECTL"),
            Path.Combine(Repository.Tools, "bin", "kubectl") is var installed && File.Exists(installed) ? installed : null,
            Command.FindOnPath("kubectl"),
        };
        var kubectl = candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c))
            ?? throw new XunitException("kubectl not found (RELAY_KUBECTL, tests/Relay.Deploy.Tests/tools/bin/kubectl, PATH): bash tests/run.sh installs one.");

        var version = await Command.RunAsync(kubectl, ["version", "--client"], TimeSpan.FromSeconds(30));
        var kustomize = KustomizeVersion().Match(version.Output);
        if (version.ExitCode != 0 || !kustomize.Success || int.Parse(kustomize.Groups["major"].Value, System.Globalization.CultureInfo.InvariantCulture) < MinimumKustomizeMajor)
        {
            throw new XunitException(
                $"{kubectl} does not bundle kustomize v{MinimumKustomizeMajor}+ (it printed: {version.Output.Trim()} {version.Error.Trim()}); " +
                "deploy/k8s uses kustomize v5 features. bash tests/run.sh installs a suitable kubectl.");
        }

        return kubectl;
    }

    [GeneratedRegex(@"Kustomize Version: v(?<major>\d+)\.")]
    private static partial Regex KustomizeVersion();
}
