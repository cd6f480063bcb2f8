namespace Relay.DeadLetters;

/// <summary>One entry a bulk replay job could not hand over, and why.</summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterReplayJobFailure")]
public sealed record DeadLetterReplayJobFailure(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Error);
