using System.Text.Json.Serialization;
using Relay.Actions;
using Relay.Events;
using Relay.Runs;

namespace Relay.Grains.Runs;

/// <summary>
/// Persisted state of a run grain. A stored contract: members are only ever added (new <c>[Id]</c>s, new JSON
/// names), never renamed or renumbered; <see cref="Version"/> says which format wrote the record.
/// </summary>
[GenerateSerializer, Alias("Relay.Grains.Runs.PipelineRunGrainState")]
public sealed class PipelineRunGrainState
{
    /// <summary>
    /// The current record format. 2: outbox entries carry a <see cref="GitHubCommand"/> (<c>github</c>) instead of a
    /// <c>commit_status</c> command; ledger rows carry content hashes and created resource ids. Version 1 records load
    /// and are upgraded on activation.
    /// </summary>
    public const int CurrentVersion = 2;

    [Id(0)] public int Version { get; set; } = CurrentVersion;

    [Id(1)] public string? Namespace { get; set; }

    /// <summary>The PipelineRun name, or the standalone TaskRun/CustomRun name.</summary>
    [Id(2)] public string? RunName { get; set; }

    /// <summary>What the run grain stands for: a PipelineRun, or a standalone TaskRun/CustomRun.</summary>
    [Id(3)] public RunKind Kind { get; set; }

    [Id(4)] public string? PipelineName { get; set; }

    [Id(5)] public ScmTarget? Scm { get; set; }

    /// <summary>The run itself (PipelineRun, or the standalone TaskRun/CustomRun).</summary>
    [Id(6)] public ResourceRecord? Run { get; set; }

    /// <summary>Child TaskRuns/CustomRuns by pipeline task name.</summary>
    [Id(7)] public Dictionary<string, ResourceRecord> Tasks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Event keys already applied: makes <c>ApplyAsync</c> idempotent when the event grain retries.</summary>
    [Id(8)] public HashSet<string> RecordedEvents { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Per (action, context): the last status decided and its delivery.</summary>
    [Id(9)] public Dictionary<string, LedgerEntry> Ledger { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Decided but not yet delivered actions, in decision order.</summary>
    [Id(10)] public List<OutboxEntry> Outbox { get; set; } = [];

    [Id(11)] public long NextOutboxId { get; set; } = 1;

    /// <summary>When the last event was recorded: the state is removed <c>run_ttl</c> after it (outbox empty).</summary>
    [Id(12)] public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>True once the cleanup reminder is registered (once per run, not per event).</summary>
    [Id(13)] public bool CleanupScheduled { get; set; }
}

/// <summary>The merged state of one Tekton resource.</summary>
[GenerateSerializer, Alias("Relay.Grains.Runs.ResourceRecord")]
public sealed class ResourceRecord
{
    /// <summary>Pipeline task name for children; the run name for the run itself.</summary>
    [Id(0)] public string Name { get; set; } = "";

    /// <summary>The Kubernetes object name.</summary>
    [Id(1)] public string ResourceName { get; set; } = "";

    [Id(2)] public RunKind Kind { get; set; }

    [Id(3)] public CiState State { get; set; }

    [Id(4)] public string? Reason { get; set; }

    [Id(5)] public string? Message { get; set; }

    [Id(6)] public bool TimedOut { get; set; }

    [Id(7)] public DateTimeOffset? StartTime { get; set; }

    [Id(8)] public DateTimeOffset? CompletionTime { get; set; }

    [Id(9)] public DateTimeOffset? LastTransitionTime { get; set; }

    [Id(10)] public string? DisplayName { get; set; }

    /// <summary>The resource's results (<c>status.results</c>), for templates.</summary>
    [Id(11)] public Dictionary<string, string>? Results { get; set; }
}

/// <summary>How far a ledger entry's last decision got.</summary>
[GenerateSerializer, Alias("Relay.Grains.Runs.Delivery")]
public enum Delivery
{
    Planned = 0,
    Delivered = 1,
    Failed = 2,
}

/// <summary>The last status decided for one (action, context), and whether it reached the provider.</summary>
[GenerateSerializer, Alias("Relay.Grains.Runs.LedgerEntry")]
public sealed class LedgerEntry
{
    /// <summary><c>{instance}/{action}</c>.</summary>
    [Id(0)] public string Action { get; set; } = "";

    [Id(1)] public string Context { get; set; } = "";

    /// <summary>The CI state the decision came from; a terminal one is never followed by a non-terminal one.</summary>
    [Id(2)] public CiState CiState { get; set; }

    /// <summary>The provider state posted (<c>pending</c>, <c>success</c>, …).</summary>
    [Id(3)] public string State { get; set; } = "";

    [Id(4)] public string Description { get; set; } = "";

    [Id(5)] public string? TargetUrl { get; set; }

    [Id(6)] public Delivery Delivery { get; set; }

    /// <summary>The outbox entry carrying this decision.</summary>
    [Id(7)] public long OutboxId { get; set; }

    [Id(8)] public DateTimeOffset PlannedAt { get; set; }

    [Id(9)] public DateTimeOffset? DeliveredAt { get; set; }

    [Id(10)] public string? LastError { get; set; }

    /// <summary>A hash of the content beyond state and description (comment body, check output, labels).</summary>
    [Id(11)] public string? ContentHash { get; set; }

    /// <summary>What a delivery created and later ones edit: check run, comment or deployment id.</summary>
    [Id(12)] public long? ResourceId { get; set; }

    /// <summary><c>label</c>: the labels this action has applied, so it can take back the ones it no longer wants.</summary>
    [Id(13)] public List<string>? Labels { get; set; }

    /// <summary>Set when the row failed permanently: the dead letter holding it.</summary>
    [Id(14)] public string? DeadLetterId { get; set; }
}

/// <summary>One action waiting for delivery.</summary>
[GenerateSerializer, Alias("Relay.Grains.Runs.OutboxEntry")]
public sealed class OutboxEntry
{
    [Id(0)] public long Id { get; set; }

    /// <summary>The ledger entry this delivery completes.</summary>
    [Id(1)] public string LedgerKey { get; set; } = "";

    /// <summary>Format 1 only: the commit status to post. Read from old records and upgraded to <see cref="GitHub"/>.</summary>
    [Id(2)] public CommitStatusCommand? CommitStatus { get; set; }

    [Id(3)] public int Attempts { get; set; }

    [Id(4)] public DateTimeOffset EnqueuedAt { get; set; }

    /// <summary>Not before this time (backoff, Retry-After); null means now.</summary>
    [Id(5)] public DateTimeOffset? NextAttemptAt { get; set; }

    [Id(6)] public string? LastError { get; set; }

    /// <summary>W3C <c>traceparent</c> of the event that planned this action: its delivery joins that trace.</summary>
    [Id(7)] public string? TraceParent { get; set; }

    /// <summary>The GitHub effect to bring about (stored as <c>github</c>).</summary>
    [Id(8), JsonPropertyName("github")] public GitHubCommand? GitHub { get; set; }

    /// <summary>Set when this delivery replays a dead letter: success removes it, a permanent failure updates it.</summary>
    [Id(9)] public string? DeadLetterId { get; set; }

    /// <summary>When the first attempt was made.</summary>
    [Id(10)] public DateTimeOffset? FirstAttemptAt { get; set; }

    /// <summary>Rate-limit waits so far: they do not count as attempts.</summary>
    [Id(11)] public int RateLimitWaits { get; set; }

    /// <summary>The CloudEvent that planned this action (<c>{source}|{type}|{id}</c>).</summary>
    [Id(12)] public string? EventKey { get; set; }

    [Id(13)] public string? EventType { get; set; }
}
