namespace Relay.Runs.Index;

/// <summary>One page of the run listing: a filter, a page size and the position to continue after.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.Index.RunListQuery")]
public sealed record RunListQuery
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;

    [Id(0)] public RunListFilter Filter { get; init; } = RunListFilter.All;

    [Id(1)] public int Limit { get; init; } = DefaultLimit;

    /// <summary>Continue strictly after this position; null starts at the newest run.</summary>
    [Id(2)] public RunListCursor? After { get; init; }
}
