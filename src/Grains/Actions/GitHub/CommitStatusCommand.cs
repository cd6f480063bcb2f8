namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Stored format 1 of an outbox entry's command (commit statuses only). Kept so old records load; new entries carry
/// a <see cref="GitHubCommand"/>.
/// </summary>
internal sealed record CommitStatusCommand
{
    /// <summary>The <c>scm.github[].name</c> instance whose endpoint and credentials to use.</summary>
    public required string Instance { get; init; }

    public required string Owner { get; init; }

    public required string Repository { get; init; }

    public required string Sha { get; init; }

    public required string Context { get; init; }

    /// <summary>GitHub's vocabulary: <c>pending</c>, <c>success</c>, <c>failure</c>, <c>error</c>.</summary>
    public required string State { get; init; }

    /// <summary>At most 140 characters (GitHub answers 422 otherwise).</summary>
    public required string Description { get; init; }

    public string? TargetUrl { get; init; }

    /// <summary>Per-run API root override; null uses the instance's <c>base_url</c>.</summary>
    public string? ApiBaseUrl { get; init; }

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
