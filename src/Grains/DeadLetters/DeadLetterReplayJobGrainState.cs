using Relay.DeadLetters;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// Persisted progress of one bulk replay job (<see cref="DeadLetterReplayJobGrain"/>); small, written after every
/// batch. The ids it works through are a record of their own (<see cref="DeadLetterReplayJobIdsState"/>), written once.
/// </summary>
[GenerateSerializer, Alias("Relay.Grains.DeadLetters.DeadLetterReplayJobGrainState")]
public sealed class DeadLetterReplayJobGrainState
{
    public const int CurrentVersion = 1;

    /// <summary>Format version of this record.</summary>
    [Id(0)] public int Version { get; set; } = CurrentVersion;

    /// <summary><see cref="DeadLetterReplayJobStates"/>; null while no job has this id.</summary>
    [Id(1)] public string? State { get; set; }

    [Id(2)] public DeadLetterFilter Filter { get; set; } = DeadLetterFilter.All;

    [Id(3)] public bool IncludeReplaying { get; set; }

    [Id(4)] public int Total { get; set; }

    /// <summary>Entries handled: the position in the ids where the next batch starts.</summary>
    [Id(5)] public int Done { get; set; }

    [Id(6)] public int Failed { get; set; }

    [Id(7)] public int Replayed { get; set; }

    [Id(8)] public Dictionary<string, int> Outcomes { get; set; } = new(StringComparer.Ordinal);

    [Id(9)] public List<DeadLetterReplayJobFailure> Failures { get; set; } = [];

    [Id(10)] public DateTimeOffset StartedAt { get; set; }

    [Id(11)] public DateTimeOffset? FinishedAt { get; set; }
}
