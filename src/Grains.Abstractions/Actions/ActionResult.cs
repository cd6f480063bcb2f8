namespace Relay.Actions;

/// <summary>How one provider call ended.</summary>
[GenerateSerializer, Alias("Relay.Actions.ActionOutcome")]
public enum ActionOutcome
{
    Succeeded = 0,

    /// <summary>Worth retrying later: 429, 5xx, network, rate limit, timeout.</summary>
    TransientFailure = 1,

    /// <summary>Retrying cannot help: 401, 404, 422, bad configuration.</summary>
    PermanentFailure = 2,
}

/// <summary>The result of one provider call, returned to the run grain for its ledger.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.ActionResult")]
public sealed record ActionResult
{
    [Id(0)] public required ActionOutcome Outcome { get; init; }

    /// <summary>HTTP status code, when a response arrived.</summary>
    [Id(1)] public int? StatusCode { get; init; }

    [Id(2)] public string? Error { get; init; }

    /// <summary>The provider asked to wait this long before the next call (Retry-After, rate-limit reset).</summary>
    [Id(3)] public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// The provider's rate limit for this credential caused the failure, or is known (cluster-wide) to be exhausted so
    /// the call was not sent at all. Always transient, with <see cref="RetryAfter"/> until the limit resets; not
    /// counted as an attempt.
    /// </summary>
    [Id(4)] public bool RateLimited { get; init; }

    // Ids 5 (resource id) and 6 (labels) were format 2's GitHub-specific members; never reuse them.

    /// <summary>
    /// What the row now has at the provider (created id, provider data), also on a partial failure; null leaves the
    /// ledger's memo as it was.
    /// </summary>
    [Id(7)] public EffectMemo? Memo { get; init; }

    /// <summary>
    /// The attempt ended without a clear answer (deadline, lost connection after sending): the provider may have acted.
    /// The next attempt must first look for what this one may have created.
    /// </summary>
    [Id(8)] public bool Ambiguous { get; init; }

    /// <summary>
    /// Not sent: a newer run owns the effect's commit and context (<c>namespace/name</c> of that run). Settled like a
    /// delivery, so the row is done; the ledger shows by whom it was superseded.
    /// </summary>
    [Id(9)] public string? SupersededBy { get; init; }

    public static ActionResult Success(int? statusCode = null, EffectMemo? memo = null) =>
        new() { Outcome = ActionOutcome.Succeeded, StatusCode = statusCode, Memo = memo };
}
