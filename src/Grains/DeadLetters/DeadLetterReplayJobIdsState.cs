namespace Relay.Grains.DeadLetters;

/// <summary>The ids of the entries a bulk replay job matched when it started, in the order it replays them; cleared when it finishes.</summary>
[GenerateSerializer, Alias("Relay.Grains.DeadLetters.DeadLetterReplayJobIdsState")]
public sealed class DeadLetterReplayJobIdsState
{
    public const int CurrentVersion = 1;

    /// <summary>Format version of this record.</summary>
    [Id(0)] public int Version { get; set; } = CurrentVersion;

    [Id(1)] public List<string> Ids { get; set; } = [];
}
