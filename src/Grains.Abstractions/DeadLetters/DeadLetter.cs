using System.Text.Json;
using System.Text.Json.Serialization;
using Relay.Actions;

namespace Relay.DeadLetters;

/// <summary>
/// An action that failed for good (SPEC §6): a permanent answer (401, 404, 422, …) or exhausted retries. Held by the
/// cluster-wide dead-letter store until a replay delivers it or an operator purges it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetter")]
public sealed record DeadLetter
{
    /// <summary>Deterministic per (run, outbox entry): storing the same failure twice keeps one entry.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The run grain that owns the action (<c>{namespace}/{pipelineRun}</c>).</summary>
    [Id(1)] public required string RunKey { get; init; }

    /// <summary>The run ledger row the action belongs to.</summary>
    [Id(2)] public required string LedgerKey { get; init; }

    /// <summary>The provider kind (<c>github</c>, …), as in <see cref="Effect"/>.</summary>
    [Id(3)] public required string Provider { get; init; }

    /// <summary><c>{instance}/{action name}</c>.</summary>
    [Id(4)] public required string Action { get; init; }

    /// <summary>The action type (<c>commit_status</c>, <c>check_run</c>, …).</summary>
    [Id(5)] public required string Type { get; init; }

    // Id 6 was format 1's GitHub command (stored as "command"); the dead-letter store upgrades such records.

    /// <summary>The effect, exactly as it was to be sent (null only in a format-1 record not yet upgraded).</summary>
    [Id(20)] public Effect? Effect { get; init; }

    /// <summary>
    /// Format 1 only: members this format does not name (the inline <c>command</c>); the store turns them into
    /// <see cref="Effect"/> through the provider module that wrote them.
    /// </summary>
    [JsonExtensionData]
    [field: NonSerialized]
    public Dictionary<string, JsonElement>? LegacyMembers { get; init; }

    /// <summary>
    /// The run incarnation the letter came from (a new PipelineRun under the same name, or the same name after
    /// <c>run_ttl</c>, is another): an outbox id is only meaningful within it.
    /// </summary>
    [Id(21)] public string? Incarnation { get; init; }

    /// <summary>The CloudEvent that planned the action (<c>{source}|{type}|{id}</c>), when known.</summary>
    [Id(7)] public string? EventKey { get; init; }

    /// <summary>The CloudEvent type that planned the action, when known.</summary>
    [Id(8)] public string? EventType { get; init; }

    /// <summary>Why it failed: the provider's answer or the error.</summary>
    [Id(9)] public required string Cause { get; init; }

    /// <summary>HTTP status of the last answer, when one arrived.</summary>
    [Id(10)] public int? StatusCode { get; init; }

    /// <summary>Delivery attempts made (including those of earlier replays).</summary>
    [Id(11)] public int Attempts { get; init; }

    /// <summary>When the action was decided.</summary>
    [Id(12)] public DateTimeOffset PlannedAt { get; init; }

    [Id(13)] public DateTimeOffset? FirstAttemptAt { get; init; }

    /// <summary>When the last attempt failed.</summary>
    [Id(14)] public DateTimeOffset FailedAt { get; init; }

    /// <summary><see cref="DeadLetterStates.Failed"/> or <see cref="DeadLetterStates.Replaying"/>.</summary>
    [Id(15)] public string State { get; init; } = DeadLetterStates.Failed;

    /// <summary>Replays requested so far.</summary>
    [Id(16)] public int Replays { get; init; }

    [Id(17)] public DateTimeOffset? LastReplayAt { get; init; }

    /// <summary>The outbox entry that failed: lets the run grain tell its own row from a newer decision.</summary>
    [Id(18)] public long OutboxId { get; init; }

    /// <summary>A one-line description of the effect (never a body or a secret).</summary>
    [Id(19)] public string? Summary { get; init; }
}

/// <summary>The states of a dead letter.</summary>
public static class DeadLetterStates
{
    /// <summary>Waiting for an operator.</summary>
    public const string Failed = "failed";

    /// <summary>A replay was handed to the run grain; the entry leaves when it is delivered.</summary>
    public const string Replaying = "replaying";
}
