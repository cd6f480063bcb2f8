namespace Relay.Runs.Index;

/// <summary>Which runs a listing shows. Every criterion that is set must match; an empty filter matches every run.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.Index.RunListFilter")]
public sealed record RunListFilter
{
    /// <summary>The filter that matches every run.</summary>
    public static RunListFilter All { get; } = new();

    /// <summary>Exact namespace.</summary>
    [Id(0)] public string? Namespace { get; init; }

    /// <summary>Exact <c>owner/name</c>, compared case-insensitively (GitHub names are).</summary>
    [Id(1)] public string? Repository { get; init; }

    /// <summary>Full commit sha, compared case-insensitively.</summary>
    [Id(2)] public string? Commit { get; init; }

    [Id(3)] public long? PullRequest { get; init; }

    /// <summary>The run's own state.</summary>
    [Id(4)] public CiState? State { get; init; }

    /// <summary>Only runs with pending or dead-lettered effects.</summary>
    [Id(5)] public bool Undelivered { get; init; }

    /// <summary>Whether <paramref name="run"/> meets every criterion that is set.</summary>
    public bool Matches(RunSummary run) =>
        (Namespace is null || string.Equals(run.Namespace, Namespace, StringComparison.Ordinal))
        && (Repository is null || string.Equals(run.Repository, Repository, StringComparison.OrdinalIgnoreCase))
        && (Commit is null || string.Equals(run.Commit, Commit, StringComparison.OrdinalIgnoreCase))
        && (PullRequest is null || run.PullRequest == PullRequest)
        && (State is null || run.State == State)
        && (!Undelivered || run.Undelivered);
}
