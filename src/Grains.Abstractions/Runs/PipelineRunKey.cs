namespace Relay.Runs;

/// <summary>Builds run grain keys: <c>{namespace}/{pipelineRun}</c>, standalone runs <c>{namespace}/taskrun/{name}</c>.</summary>
public static class PipelineRunKey
{
    /// <summary>The key of a PipelineRun's grain.</summary>
    public static string For(string @namespace, string pipelineRunName) => $"{@namespace}/{pipelineRunName}";

    /// <summary>The key of a TaskRun or CustomRun that belongs to no PipelineRun.</summary>
    public static string ForStandalone(RunKind kind, string @namespace, string name) => kind switch
    {
        RunKind.TaskRun => $"{@namespace}/taskrun/{name}",
        RunKind.CustomRun => $"{@namespace}/customrun/{name}",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "PipelineRuns are never standalone children"),
    };
}
