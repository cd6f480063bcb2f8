using Relay.DeadLetters;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// Persisted state of one dead-letter shard: the index of its entries (a summary per id). A stored contract (golden
/// files <c>deadletter-shard-state-v1.json</c>, <c>-v2.json</c>). Version 1 held the whole entries here; a shard that
/// reads one moves them into their own records on activation and writes version 2.
/// </summary>
[GenerateSerializer, Alias("Relay.Grains.DeadLetters.DeadLetterShardGrainState")]
public sealed class DeadLetterShardGrainState
{
    public const int CurrentVersion = 2;

    /// <summary>Format version of this record.</summary>
    [Id(0)] public int Version { get; set; } = CurrentVersion;

    /// <summary>Version 1 only: the shard's whole entries, by <see cref="DeadLetter.Id"/>. Empty from version 2 on.</summary>
    [Id(1)] public Dictionary<string, DeadLetter> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The shard's entries as summaries, by id; each entry itself is in its own record.</summary>
    [Id(2)] public Dictionary<string, DeadLetterSummary> Index { get; set; } = new(StringComparer.Ordinal);
}
