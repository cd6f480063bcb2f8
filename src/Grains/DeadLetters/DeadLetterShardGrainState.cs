using Relay.DeadLetters;

namespace Relay.Grains.DeadLetters;

/// <summary>Persisted state of one dead-letter shard: its entries by id. A stored contract (golden file <c>deadletter-shard-state-v1.json</c>).</summary>
[GenerateSerializer, Alias("Relay.Grains.DeadLetters.DeadLetterShardGrainState")]
public sealed class DeadLetterShardGrainState
{
    public const int CurrentVersion = 1;

    /// <summary>Format version of this record.</summary>
    [Id(0)] public int Version { get; set; } = CurrentVersion;

    /// <summary>The shard's entries, by <see cref="DeadLetter.Id"/>.</summary>
    [Id(1)] public Dictionary<string, DeadLetter> Entries { get; set; } = new(StringComparer.Ordinal);
}
