using Relay.DeadLetters;

namespace Relay.Grains.DeadLetters;

/// <summary>Persisted state of one dead letter's record. A stored contract (golden file <c>deadletter-state-v1.json</c>).</summary>
[GenerateSerializer, Alias("Relay.Grains.DeadLetters.DeadLetterGrainState")]
public sealed class DeadLetterGrainState
{
    public const int CurrentVersion = 1;

    /// <summary>Format version of this record.</summary>
    [Id(0)] public int Version { get; set; } = CurrentVersion;

    /// <summary>The entry, or null when there is none.</summary>
    [Id(1)] public DeadLetter? Letter { get; set; }
}
