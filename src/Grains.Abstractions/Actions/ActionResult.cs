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

    /// <summary>The id of what the call created or edited (check run, comment, deployment), also on a partial failure.</summary>
    [Id(5)] public long? ResourceId { get; init; }

    /// <summary><c>label</c>: the labels now applied by this action.</summary>
    [Id(6)] public IReadOnlyList<string>? Labels { get; init; }

    public static ActionResult Success(int? statusCode = null, long? resourceId = null) =>
        new() { Outcome = ActionOutcome.Succeeded, StatusCode = statusCode, ResourceId = resourceId };
}
