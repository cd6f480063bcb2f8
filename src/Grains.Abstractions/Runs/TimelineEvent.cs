namespace Relay.Runs;

/// <summary>One event a run recorded, for the run view's timeline: when Relay received it and what it said.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.TimelineEvent")]
public sealed record TimelineEvent
{
    /// <summary>When the run grain recorded the event.</summary>
    [Id(0)] public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The CloudEvent type (<c>dev.tekton.event.taskrun.running.v1</c>, …).</summary>
    [Id(1)] public required string EventType { get; init; }

    [Id(2)] public RunKind Kind { get; init; }

    /// <summary>The resource's own name (PipelineRun, TaskRun or CustomRun).</summary>
    [Id(3)] public required string Resource { get; init; }

    /// <summary>The pipeline task the resource runs; null for the run itself.</summary>
    [Id(4)] public string? Task { get; init; }

    [Id(5)] public CiState State { get; init; }

    [Id(6)] public string? Reason { get; init; }
}
