namespace Relay.Runs;

/// <summary>The Tekton resource an event is about.</summary>
[GenerateSerializer, Alias("Relay.Runs.RunKind")]
public enum RunKind
{
    PipelineRun = 0,
    TaskRun = 1,
    CustomRun = 2,
}
