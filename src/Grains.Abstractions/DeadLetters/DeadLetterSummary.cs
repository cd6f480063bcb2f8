namespace Relay.DeadLetters;

/// <summary>
/// What the dead-letter index holds of one entry: the fields that filters, the list order and the limits read. The
/// entry itself (the effect, bodies included) lives in its own record (<see cref="IDeadLetterGrain"/>). Stored in the
/// shard's record, so its ids are a stored contract.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterSummary")]
public sealed record DeadLetterSummary
{
    /// <summary>The entry's <see cref="DeadLetter.Id"/>.</summary>
    [Id(0)] public required string Id { get; init; }

    [Id(1)] public required string RunKey { get; init; }

    [Id(2)] public required string Provider { get; init; }

    [Id(3)] public required string Action { get; init; }

    [Id(4)] public required string Type { get; init; }

    [Id(5)] public required string Cause { get; init; }

    /// <summary><see cref="DeadLetterStates.Failed"/> or <see cref="DeadLetterStates.Replaying"/>.</summary>
    [Id(6)] public string State { get; init; } = DeadLetterStates.Failed;

    [Id(7)] public DateTimeOffset FailedAt { get; init; }

    /// <summary>The summary of <paramref name="letter"/>; reads only the letter's own fields, never its effect.</summary>
    public static DeadLetterSummary Of(DeadLetter letter) => new()
    {
        Id = letter.Id,
        RunKey = letter.RunKey,
        Provider = letter.Provider,
        Action = letter.Action,
        Type = letter.Type,
        Cause = letter.Cause,
        State = letter.State,
        FailedAt = letter.FailedAt,
    };
}
