namespace Relay.DeadLetters;

/// <summary>One shard's part of a list page, as index summaries: the store reads the entries of the final page only.</summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterIndexPage")]
public sealed record DeadLetterIndexPage
{
    /// <summary>Up to the query's limit after its cursor, newest first.</summary>
    [Id(0)] public IReadOnlyList<DeadLetterSummary> Items { get; init; } = [];

    /// <summary>Entries matching the filter, on every page.</summary>
    [Id(1)] public int Total { get; init; }

    /// <summary>Matching entries after the query's cursor, this page included.</summary>
    [Id(2)] public int Remaining { get; init; }
}
