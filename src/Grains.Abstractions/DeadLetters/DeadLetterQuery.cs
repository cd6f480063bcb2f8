namespace Relay.DeadLetters;

/// <summary>One page of the dead-letter list: the entries matching <see cref="Filter"/> after <see cref="After"/>.</summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterQuery")]
public sealed record DeadLetterQuery
{
    /// <summary>The API's default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The API's largest page size.</summary>
    public const int MaxLimit = 500;

    [Id(0)] public DeadLetterFilter Filter { get; init; } = DeadLetterFilter.All;

    /// <summary>At most this many entries (1 to <see cref="MaxLimit"/>).</summary>
    [Id(1)] public int Limit { get; init; } = DefaultLimit;

    /// <summary>Continue after this position; null starts with the newest entry.</summary>
    [Id(2)] public DeadLetterCursor? After { get; init; }

    /// <summary>False leaves out the command's body (comment and check-run text, possibly long).</summary>
    [Id(3)] public bool WithBodies { get; init; }
}

/// <summary>A page of dead letters, newest first.</summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterPage")]
public sealed record DeadLetterPage
{
    [Id(0)] public IReadOnlyList<DeadLetter> Items { get; init; } = [];

    /// <summary>Entries matching the filter, on every page.</summary>
    [Id(1)] public int Total { get; init; }

    /// <summary>Matching entries after the query's cursor, this page included.</summary>
    [Id(2)] public int Remaining { get; init; }

    /// <summary>Where the next page starts; null on the last page.</summary>
    [Id(3)] public DeadLetterCursor? Next { get; init; }
}
