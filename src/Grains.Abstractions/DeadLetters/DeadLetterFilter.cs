namespace Relay.DeadLetters;

/// <summary>
/// Which dead letters an operator means (SPEC §6: by provider, state, cause, age). Every criterion that is set must
/// match; an empty filter matches everything. Ages are absolute instants, so every shard applies the same cut.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterFilter")]
public sealed record DeadLetterFilter
{
    /// <summary>The filter that matches every entry.</summary>
    public static DeadLetterFilter All { get; } = new();

    /// <summary>Exact provider (<c>github</c>).</summary>
    [Id(0)] public string? Provider { get; init; }

    /// <summary><see cref="DeadLetterStates.Failed"/> or <see cref="DeadLetterStates.Replaying"/>.</summary>
    [Id(1)] public string? State { get; init; }

    /// <summary>Exact action type (<c>commit_status</c>, …).</summary>
    [Id(2)] public string? Type { get; init; }

    /// <summary>Exact action (<c>{instance}/{name}</c>).</summary>
    [Id(3)] public string? Action { get; init; }

    /// <summary>Case-insensitive substring of the cause.</summary>
    [Id(4)] public string? Cause { get; init; }

    /// <summary>Run key prefix (<c>{namespace}/</c> or a whole run key).</summary>
    [Id(5)] public string? RunPrefix { get; init; }

    /// <summary>Only entries that failed before this instant (<c>older_than</c>).</summary>
    [Id(6)] public DateTimeOffset? FailedBefore { get; init; }

    /// <summary>Only entries that failed at or after this instant (<c>newer_than</c>).</summary>
    [Id(7)] public DateTimeOffset? FailedAfter { get; init; }

    /// <summary>True when no criterion is set: the filter means every entry.</summary>
    public bool IsEmpty => this == All;

    /// <summary>Whether <paramref name="letter"/> meets every criterion that is set.</summary>
    public bool Matches(DeadLetter letter) => Matches(DeadLetterSummary.Of(letter));

    /// <summary>Whether the entry summed up by <paramref name="summary"/> meets every criterion that is set.</summary>
    public bool Matches(DeadLetterSummary summary) =>
        (Provider is null || string.Equals(summary.Provider, Provider, StringComparison.Ordinal))
        && (State is null || string.Equals(summary.State, State, StringComparison.Ordinal))
        && (Type is null || string.Equals(summary.Type, Type, StringComparison.Ordinal))
        && (Action is null || string.Equals(summary.Action, Action, StringComparison.Ordinal))
        && (Cause is null || summary.Cause.Contains(Cause, StringComparison.OrdinalIgnoreCase))
        && (RunPrefix is null || summary.RunKey.StartsWith(RunPrefix, StringComparison.Ordinal))
        && (FailedBefore is not { } before || summary.FailedAt < before)
        && (FailedAfter is not { } after || summary.FailedAt >= after);
}
