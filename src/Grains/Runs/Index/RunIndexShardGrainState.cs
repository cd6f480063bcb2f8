using Relay.Runs.Index;

namespace Relay.Grains.Runs.Index;

/// <summary>Persisted state of one run index shard: its runs' summaries by run key. A stored contract (members only added).</summary>
[GenerateSerializer, Alias("Relay.Grains.Runs.Index.RunIndexShardGrainState")]
public sealed class RunIndexShardGrainState
{
    public const int CurrentVersion = 1;

    /// <summary>Format version of this record.</summary>
    [Id(0)] public int Version { get; set; } = CurrentVersion;

    /// <summary>The shard's runs by run key.</summary>
    [Id(1)] public Dictionary<string, RunSummary> Runs { get; set; } = new(StringComparer.Ordinal);
}
