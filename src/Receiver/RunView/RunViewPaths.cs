using Relay.Runs;

namespace Relay.Receiver.RunView;

/// <summary>The run view's URLs, each path segment escaped.</summary>
internal static class RunViewPaths
{
    public const string Root = "/ui";

    /// <summary>The page of the run with this grain key (<see cref="PipelineRunKey"/>).</summary>
    public static string Run(string runKey) => Root + "/runs/" + string.Join('/', runKey.Split('/').Select(Uri.EscapeDataString));

    /// <summary>The page of a run given its namespace, name and kind.</summary>
    public static string Run(string @namespace, string name, RunKind kind) =>
        Run(kind == RunKind.PipelineRun ? PipelineRunKey.For(@namespace, name) : PipelineRunKey.ForStandalone(kind, @namespace, name));

    /// <summary>Where the replay form of a dead letter posts.</summary>
    public static string Replay(string deadLetterId) => Root + "/dead-letters/" + Uri.EscapeDataString(deadLetterId) + "/replay";
}
