using System.Collections.Immutable;
using Relay.Runs;

namespace Relay.Events;

/// <summary>
/// The neutral model of one Tekton CloudEvent, decoded by the receiver. Grains only ever see this type.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Events.RelayEvent")]
public sealed record RelayEvent
{
    /// <summary><c>{ce-source}|{ce-type}|{ce-id}</c>, see <see cref="Events.EventKey"/>.</summary>
    [Id(0)] public required string EventKey { get; init; }

    /// <summary>The CloudEvent type, e.g. <c>dev.tekton.event.taskrun.running.v1</c>.</summary>
    [Id(1)] public required string EventType { get; init; }

    [Id(2)] public required RunKind Kind { get; init; }

    /// <summary>The run grain this event belongs to (see <see cref="PipelineRunKey"/>).</summary>
    [Id(3)] public required string RunKey { get; init; }

    [Id(4)] public required string Namespace { get; init; }

    /// <summary>The resource's own name (PipelineRun, TaskRun or CustomRun).</summary>
    [Id(5)] public required string Name { get; init; }

    [Id(6)] public string? Uid { get; init; }

    /// <summary>The PipelineRun this resource belongs to (itself for a PipelineRun); null for standalone runs.</summary>
    [Id(7)] public string? PipelineRunName { get; init; }

    /// <summary>Pipeline name (label <c>tekton.dev/pipeline</c>), or the Task name of a standalone TaskRun.</summary>
    [Id(8)] public string? PipelineName { get; init; }

    /// <summary>The pipeline task name (label <c>tekton.dev/pipelineTask</c>); null for PipelineRuns.</summary>
    [Id(9)] public string? PipelineTask { get; init; }

    [Id(10)] public string? DisplayName { get; init; }

    [Id(11)] public required CiState State { get; init; }

    /// <summary>True when the failure reason says the run timed out.</summary>
    [Id(12)] public bool TimedOut { get; init; }

    [Id(13)] public string? Reason { get; init; }

    [Id(14)] public string? Message { get; init; }

    [Id(15)] public DateTimeOffset? StartTime { get; init; }

    [Id(16)] public DateTimeOffset? CompletionTime { get; init; }

    /// <summary>When the Succeeded condition last changed: orders two terminal states (SPEC §3).</summary>
    [Id(17)] public DateTimeOffset? LastTransitionTime { get; init; }

    /// <summary>The CloudEvent time (when Tekton sent it, not when the state changed).</summary>
    [Id(18)] public DateTimeOffset? EventTime { get; init; }

    /// <summary>Where to report; null when the run carries no relay or Pipelines-as-Code metadata.</summary>
    [Id(19)] public ScmTarget? Scm { get; init; }

    /// <summary>Task or pipeline results by name (v1beta1 and v1 field names).</summary>
    [Id(20)] public ImmutableDictionary<string, string> Results { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// The <c>metadata.uid</c> of the run the event belongs to: the PipelineRun's (a child's label
    /// <c>tekton.dev/pipelineRunUID</c>) or the standalone run's own. A new uid under a known run key is a new run.
    /// </summary>
    [Id(21)] public string? RunUid { get; init; }

    /// <summary>The run's <c>metadata.creationTimestamp</c>, from a PipelineRun's (or standalone run's) own event; null from a child.</summary>
    [Id(22)] public DateTimeOffset? RunCreatedAt { get; init; }

    /// <summary>The resource the event is about, as <c>{kind}/{name}</c>, for logs.</summary>
    public string Describe() => $"{Kind} {Namespace}/{Name}";
}
