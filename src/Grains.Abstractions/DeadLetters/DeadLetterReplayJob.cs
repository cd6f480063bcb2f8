namespace Relay.DeadLetters;

/// <summary>
/// A bulk replay job as the API shows it: its state (<see cref="DeadLetterReplayJobStates"/>) and progress. Counts refer
/// to the entries that matched when the job started: <see cref="Done"/> of <see cref="Total"/> handled so far, of which
/// <see cref="Failed"/> could not be handed over.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterReplayJob")]
public sealed record DeadLetterReplayJob
{
    [Id(0)] public required string Id { get; init; }

    /// <summary><c>running</c>, <c>succeeded</c> or <c>failed</c>.</summary>
    [Id(1)] public required string State { get; init; }

    /// <summary>Entries that matched the filter when the job started.</summary>
    [Id(2)] public int Total { get; init; }

    /// <summary>Entries handled so far, whatever the outcome.</summary>
    [Id(3)] public int Done { get; init; }

    /// <summary>Entries whose hand-over failed (they are failed again and can be replayed later).</summary>
    [Id(4)] public int Failed { get; init; }

    /// <summary>Entries handed to their run grains (as the synchronous answer counted them: skipped and vanished ones not counted).</summary>
    [Id(5)] public int Replayed { get; init; }

    /// <summary>Count per outcome tag (<see cref="DeadLetterReplay.Tag"/>).</summary>
    [Id(6)] public IReadOnlyDictionary<string, int> Outcomes { get; init; } = new Dictionary<string, int>();

    /// <summary>The first few failures (id and error), so an operator sees why.</summary>
    [Id(7)] public IReadOnlyList<DeadLetterReplayJobFailure> Failures { get; init; } = [];

    [Id(8)] public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the last entry was handled; null while running.</summary>
    [Id(9)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Whether entries already replaying were replayed too.</summary>
    [Id(10)] public bool IncludeReplaying { get; init; }
}
