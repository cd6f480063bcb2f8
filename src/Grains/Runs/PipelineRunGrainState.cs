using System.Text.Json;
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
    /// The current record format. 3: outbox entries and ledger rows are provider-neutral (an <see cref="Effect"/>
    /// envelope and an <see cref="EffectMemo"/>), ledger keys carry the commit, and the record knows its run's uid and
    /// incarnation. 2: outbox entries carried a GitHub command (<c>github</c>); 1: a <c>commit_status</c> command. Both
    /// load and are upgraded on activation (<see cref="RunModel.RunStateUpgrade"/>).
    /// </summary>
    public const int CurrentVersion = 3;

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

    /// <summary>Per (action, commit, context): the last status decided and its delivery.</summary>
    [Id(9)] public Dictionary<string, LedgerEntry> Ledger { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Decided but not yet delivered actions, in decision order.</summary>
    [Id(10)] public List<OutboxEntry> Outbox { get; set; } = [];

    [Id(11)] public long NextOutboxId { get; set; } = 1;

    /// <summary>When the last event was recorded: the state is removed <c>run_ttl</c> after it (outbox empty).</summary>
    [Id(12)] public DateTimeOffset? LastEventAt { get; set; }

    /// <summary>True once the cleanup reminder is registered (once per run, not per event).</summary>
    [Id(13)] public bool CleanupScheduled { get; set; }

    /// <summary>The run's <c>metadata.uid</c>: an event with another uid starts a new incarnation.</summary>
    [Id(14)] public string? Uid { get; set; }

    /// <summary>
    /// Identifies this incarnation of the run key (a new uid, or the key reused after <c>run_ttl</c>, is another):
    /// dead-letter ids and replays are matched within it, since outbox ids mean nothing across incarnations.
    /// </summary>
    [Id(15)] public string? Incarnation { get; set; }

    /// <summary>The first outbox id of this incarnation; entries below it were carried over from an earlier one.</summary>
    [Id(16)] public long FirstOutboxId { get; set; } = 1;

    /// <summary>Uids of runs this key held before (newest last, bounded): their late events are ignored.</summary>
    [Id(17)] public List<string> RetiredUids { get; set; } = [];

    /// <summary>
    /// Set when the run was forgotten after <c>run_ttl</c>: only its identity is kept (for another <c>run_ttl</c>),
    /// so a late or re-emitted event of the same run records nothing and posts nothing (one-shot effects stay one-shot).
    /// </summary>
    [Id(18)] public DateTimeOffset? ForgottenAt { get; set; }

    /// <summary>Dead letters whose replay was delivered and that still have to leave the store.</summary>
    [Id(19)] public List<string> LetterRemovals { get; set; } = [];

    /// <summary>The run's <c>metadata.creationTimestamp</c> once an event of the run itself carried it (newest run wins).</summary>
    [Id(20)] public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>The events this incarnation recorded, for the run view (bounded, see <see cref="RunTimeline"/>).</summary>
    [Id(21)] public List<TimelineEvent> Timeline { get; set; } = [];

    /// <summary>
    /// The activation that wrote this record (a token of its own, new each activation). A write whose reply was lost may
    /// still land: when the next write meets a stale etag, the activation reads the record back, and if it is its own,
    /// writes again over it (memory holds everything the lost write did, and more) instead of giving up what it did since.
    /// </summary>
    [Id(22)] public string? Writer { get; set; }

    /// <summary>
    /// Written by a deactivation with no attempt in flight: the outbox was handed over whole, and the next activation
    /// sends it at once. Otherwise (a crash, a lost directory entry, a settle that could not be stored) the next activation
    /// treats the entries it finds as possibly sent: it waits one delivery deadline after its first write and asks the
    /// provider to look before sending (<c>EffectDelivery.MaybeSent</c>).
    /// </summary>
    [Id(23)] public bool Released { get; set; }
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

    /// <summary>Format 2 only: the GitHub id a delivery created. Upgraded into <see cref="Memo"/>.</summary>
    [Id(12)] public long? ResourceId { get; set; }

    /// <summary>Format 2 only: the labels a GitHub <c>label</c> action applied. Upgraded into <see cref="Memo"/>.</summary>
    [Id(13)] public List<string>? Labels { get; set; }

    /// <summary>Set when the row failed permanently: the dead letter holding it.</summary>
    [Id(14)] public string? DeadLetterId { get; set; }

    /// <summary>What deliveries of this row left at the provider (created id, provider data); handed to the next one.</summary>
    [Id(15)] public EffectMemo? Memo { get; set; }

    /// <summary>The provider kind of the row's action.</summary>
    [Id(16)] public string? Provider { get; set; }

    /// <summary>The commit the row reports on (also part of its key).</summary>
    [Id(17)] public string? Commit { get; set; }

    /// <summary>Set when the row's last decision was not posted because a newer run owns its commit and context.</summary>
    [Id(18)] public string? SupersededBy { get; set; }
}

/// <summary>One action waiting for delivery.</summary>
[GenerateSerializer, Alias("Relay.Grains.Runs.OutboxEntry")]
public sealed class OutboxEntry
{
    [Id(0)] public long Id { get; set; }

    /// <summary>The ledger entry this delivery completes.</summary>
    [Id(1)] public string LedgerKey { get; set; } = "";


    [Id(3)] public int Attempts { get; set; }

    [Id(4)] public DateTimeOffset EnqueuedAt { get; set; }

    /// <summary>Not before this time (backoff, Retry-After); null means now.</summary>
    [Id(5)] public DateTimeOffset? NextAttemptAt { get; set; }

    [Id(6)] public string? LastError { get; set; }

    /// <summary>W3C <c>traceparent</c> of the event that planned this action: its delivery joins that trace.</summary>
    [Id(7)] public string? TraceParent { get; set; }

    /// <summary>
    /// Formats 1 and 2 only: members this format does not name — the provider command stored inline (<c>commit_status</c>,
    /// <c>github</c>). The provider module that wrote them turns them into <see cref="Effect"/> on activation.
    /// </summary>
    [JsonExtensionData]
    [field: NonSerialized]
    public Dictionary<string, JsonElement>? LegacyMembers { get; set; }

    /// <summary>Set when this delivery replays a dead letter: success removes it, a permanent failure updates it.</summary>
    [Id(9)] public string? DeadLetterId { get; set; }

    /// <summary>When the first attempt was made.</summary>
    [Id(10)] public DateTimeOffset? FirstAttemptAt { get; set; }

    /// <summary>Rate-limit waits so far: they do not count as attempts.</summary>
    [Id(11)] public int RateLimitWaits { get; set; }

    /// <summary>The CloudEvent that planned this action (<c>{source}|{type}|{id}</c>).</summary>
    [Id(12)] public string? EventKey { get; set; }

    [Id(13)] public string? EventType { get; set; }

    /// <summary>The effect to bring about (format 3).</summary>
    [Id(14)] public Effect? Effect { get; set; }

    /// <summary>
    /// For an entry carried over from an earlier incarnation of the run: the memo of its row there (its new rows are
    /// another run's), so it edits what it created, not what the new run creates.
    /// </summary>
    [Id(15)] public EffectMemo? CarriedMemo { get; set; }
}
