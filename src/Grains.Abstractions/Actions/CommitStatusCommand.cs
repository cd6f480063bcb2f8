namespace Relay.Actions;

/// <summary>
/// Stored format 1 of an outbox entry's command (commit statuses only). Kept so old records load; new entries carry
/// a <see cref="GitHubCommand"/>.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.CommitStatusCommand")]
public sealed record CommitStatusCommand
{
    /// <summary>The <c>scm.github[].name</c> instance whose endpoint and credentials to use.</summary>
    [Id(0)] public required string Instance { get; init; }

    [Id(1)] public required string Owner { get; init; }

    [Id(2)] public required string Repository { get; init; }

    [Id(3)] public required string Sha { get; init; }

    [Id(4)] public required string Context { get; init; }

    /// <summary>GitHub's vocabulary: <c>pending</c>, <c>success</c>, <c>failure</c>, <c>error</c>.</summary>
    [Id(5)] public required string State { get; init; }

    /// <summary>At most 140 characters (GitHub answers 422 otherwise).</summary>
    [Id(6)] public required string Description { get; init; }

    [Id(7)] public string? TargetUrl { get; init; }

    /// <summary>Per-run API root override; null uses the instance's <c>base_url</c>.</summary>
    [Id(8)] public string? ApiBaseUrl { get; init; }

    /// <summary>The same effect as a <see cref="GitHubCommand"/>.</summary>
    public GitHubCommand ToGitHubCommand() => new()
    {
        Instance = Instance,
        Type = "commit_status",
        Owner = Owner,
        Repository = Repository,
        Sha = Sha,
        Context = Context,
        State = State,
        Description = Description,
        TargetUrl = TargetUrl,
        ApiBaseUrl = ApiBaseUrl,
    };
}
