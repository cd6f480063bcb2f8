using Relay.Events;

namespace Relay.Runs;

/// <summary>A read-only picture of a run grain: what Relay knows and what it posted.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.RunSnapshot")]
public sealed record RunSnapshot
{
    [Id(0)] public required string RunKey { get; init; }

    /// <summary>False when the grain has never recorded an event.</summary>
    [Id(1)] public bool Exists { get; init; }

    [Id(2)] public string? PipelineName { get; init; }

    [Id(3)] public ScmTarget? Scm { get; init; }

    /// <summary>The PipelineRun itself (null until a PipelineRun event arrived, and for standalone runs).</summary>
    [Id(4)] public ResourceSnapshot? Pipeline { get; init; }

    /// <summary>One entry per pipeline task (or the standalone TaskRun/CustomRun).</summary>
    [Id(5)] public IReadOnlyList<ResourceSnapshot> Tasks { get; init; } = [];

    /// <summary>Per (action, context): what was decided and delivered.</summary>
    [Id(6)] public IReadOnlyList<LedgerSnapshot> Ledger { get; init; } = [];

    /// <summary>Actions waiting for delivery.</summary>
    [Id(7)] public int OutboxDepth { get; init; }

    [Id(8)] public int EventsRecorded { get; init; }

    /// <summary>The run's <c>metadata.uid</c>, when an event carried it.</summary>
    [Id(9)] public string? Uid { get; init; }

    /// <summary>The events the run recorded, oldest first (bounded: the first and the latest ones).</summary>
    [Id(10)] public IReadOnlyList<TimelineEvent> Timeline { get; init; } = [];

    /// <summary>The run grain's key's kind: a PipelineRun, or a standalone TaskRun/CustomRun.</summary>
    [Id(11)] public RunKind Kind { get; init; }
}

/// <summary>The merged state of one Tekton resource inside a run.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.ResourceSnapshot")]
public sealed record ResourceSnapshot
{
    [Id(0)] public required string Name { get; init; }

    [Id(1)] public required RunKind Kind { get; init; }

    [Id(2)] public required CiState State { get; init; }

    [Id(3)] public string? Reason { get; init; }

    [Id(4)] public string? Message { get; init; }

    [Id(5)] public DateTimeOffset? StartTime { get; init; }

    [Id(6)] public DateTimeOffset? CompletionTime { get; init; }

    [Id(7)] public bool TimedOut { get; init; }

    [Id(8)] public string? ResourceName { get; init; }
}

/// <summary>One ledger row: the last status decided for (action, context) and its delivery.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.LedgerSnapshot")]
public sealed record LedgerSnapshot
{
    [Id(0)] public required string Action { get; init; }

    [Id(1)] public required string Context { get; init; }

    [Id(2)] public required string State { get; init; }

    [Id(3)] public required string Description { get; init; }

    [Id(4)] public required string Delivery { get; init; }

    [Id(5)] public DateTimeOffset? DeliveredAt { get; init; }

    [Id(6)] public string? LastError { get; init; }

    /// <summary>What the action created and edits (check run, comment, deployment id), when it is a number.</summary>
    [Id(7)] public long? ResourceId { get; init; }

    /// <summary>The dead letter holding this row's failed action, if any.</summary>
    [Id(8)] public string? DeadLetterId { get; init; }

    /// <summary>The provider kind of the row's action (<c>github</c>, …).</summary>
    [Id(9)] public string? Provider { get; init; }

    /// <summary>The commit the row reports on (part of every ledger key).</summary>
    [Id(10)] public string? Commit { get; init; }

    /// <summary>Delivery attempts of the row's pending decision (0 once delivered).</summary>
    [Id(11)] public int Attempts { get; init; }

    /// <summary>The newer run (<c>namespace/name</c>) that owns this row's commit and context, so this run posted nothing on it.</summary>
    [Id(12)] public string? SupersededBy { get; init; }
}
