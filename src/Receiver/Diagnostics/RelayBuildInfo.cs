using System.Diagnostics.Metrics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Relay.Receiver.Diagnostics;

/// <summary>
/// What build this process runs: the version (<c>Version</c> in Directory.Build.props, with <c>+commit</c> when built
/// from git), the commit, and the .NET runtime. Shown by <c>--version</c>, <c>/readyz</c>, the start-up log and the
/// <c>relay_build_info</c> metric, so an operator can tell which build each pod runs during a rollout.
/// </summary>
public static class RelayBuildInfo
{
    private static readonly string Informational =
        typeof(RelayBuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The release version without build metadata, e.g. <c>0.1.0</c>.</summary>
    public static string Version { get; } = Informational.Split('+')[0];

    /// <summary>The git commit the build came from, or <c>unknown</c> (an image built without <c>.git</c>).</summary>
    public static string Commit { get; } = Informational.Split('+') is [_, var commit, ..] && commit.Length > 0 ? commit : "unknown";

    /// <summary>The .NET runtime, e.g. <c>.NET 10.0.1</c>.</summary>
    public static string Runtime { get; } = RuntimeInformation.FrameworkDescription;

    /// <summary>One line for <c>--version</c>.</summary>
    public static string Describe() => $"relay {Version} (commit {Commit}, {Runtime})";

    /// <summary>The Prometheus metric <c>relay_build_info</c>: always 1, the build in its labels.</summary>
    internal static ObservableGauge<int> CreateMetric(Meter meter) =>
        meter.CreateObservableGauge(
            "relay.build.info",
            () => new Measurement<int>(1,
                new KeyValuePair<string, object?>("version", Version),
                new KeyValuePair<string, object?>("commit", Commit),
                new KeyValuePair<string, object?>("runtime", Runtime)),
            description: "Always 1; the labels say which Relay build this process runs.");
}
