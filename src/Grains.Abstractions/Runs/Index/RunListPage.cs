namespace Relay.Runs.Index;

/// <summary>A page of the run listing, newest first.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.Index.RunListPage")]
public sealed record RunListPage
{
    [Id(0)] public IReadOnlyList<RunSummary> Items { get; init; } = [];

    /// <summary>Matching runs after the query's cursor, this page included (a shard's part; see <see cref="RunIndex.ListRunsAsync"/>).</summary>
    [Id(1)] public int Remaining { get; init; }

    /// <summary>Where the next page starts; null on the last page.</summary>
    [Id(2)] public RunListCursor? Next { get; init; }
}
