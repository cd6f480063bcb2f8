namespace Relay.Actions;

/// <summary>
/// One GitHub effect to bring about: everything the action grain needs, nothing it has to look up in run state.
/// <see cref="Type"/> is the <c>actions[].type</c> (SPEC §5); the members that type does not use stay null.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.GitHubCommand")]
public sealed record GitHubCommand
{
    /// <summary>The <c>scm.github[].name</c> instance whose endpoint and credentials to use.</summary>
    [Id(0)] public required string Instance { get; init; }

    /// <summary><c>commit_status</c>, <c>check_run</c>, <c>pr_comment</c>, <c>issue_comment</c>, <c>commit_comment</c>, <c>deployment_status</c> or <c>label</c>.</summary>
    [Id(1)] public required string Type { get; init; }

    [Id(2)] public required string Owner { get; init; }

    [Id(3)] public required string Repository { get; init; }

    [Id(4)] public required string Sha { get; init; }

    /// <summary>Per-run API root override; null uses the instance's <c>base_url</c>.</summary>
    [Id(5)] public string? ApiBaseUrl { get; init; }

    /// <summary><c>commit_status</c>: the status context.</summary>
    [Id(6)] public string? Context { get; init; }

    /// <summary>
    /// The provider's state word: commit status (<c>pending</c>, <c>success</c>, <c>failure</c>, <c>error</c>),
    /// check run status (<c>queued</c>, <c>in_progress</c>, <c>completed</c>) or deployment state.
    /// </summary>
    [Id(7)] public string? State { get; init; }

    /// <summary>Commit status or deployment status description (at most 140 characters).</summary>
    [Id(8)] public string? Description { get; init; }

    /// <summary>Status <c>target_url</c>, check run <c>details_url</c>, deployment status <c>log_url</c>.</summary>
    [Id(9)] public string? TargetUrl { get; init; }

    /// <summary><c>check_run</c>: the check run name.</summary>
    [Id(10)] public string? Name { get; init; }

    /// <summary><c>check_run</c>: the conclusion once completed (<c>success</c>, <c>failure</c>, <c>cancelled</c>, …).</summary>
    [Id(11)] public string? Conclusion { get; init; }

    /// <summary><c>check_run</c>: <c>output.title</c>.</summary>
    [Id(12)] public string? Title { get; init; }

    /// <summary>Comment body or check run <c>output.summary</c>.</summary>
    [Id(13)] public string? Body { get; init; }

    /// <summary>Pull request or issue number for comments and labels.</summary>
    [Id(14)] public long? Number { get; init; }

    /// <summary>Comments: edit one comment in place (found by <see cref="ResourceId"/>, else by <see cref="Marker"/>).</summary>
    [Id(15)] public bool Upsert { get; init; }

    /// <summary>The hidden HTML marker an upserted comment carries, so it can be found again if state is lost.</summary>
    [Id(16)] public string? Marker { get; init; }

    /// <summary><c>deployment_status</c>: the deployment environment.</summary>
    [Id(17)] public string? Environment { get; init; }

    /// <summary><c>label</c>: labels to add.</summary>
    [Id(18)] public IReadOnlyList<string>? AddLabels { get; init; }

    /// <summary><c>label</c>: labels to remove (a missing label is not an error).</summary>
    [Id(19)] public IReadOnlyList<string>? RemoveLabels { get; init; }

    /// <summary>The id of what an earlier delivery created (check run, comment, deployment); null creates it.</summary>
    [Id(20)] public long? ResourceId { get; init; }

    /// <summary><c>check_run</c>: <c>external_id</c>, the run key, to find the check run again.</summary>
    [Id(21)] public string? ExternalId { get; init; }

    [Id(22)] public DateTimeOffset? StartedAt { get; init; }

    [Id(23)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary><c>deployment_status</c>: <c>environment_url</c>.</summary>
    [Id(24)] public string? EnvironmentUrl { get; init; }

    /// <summary>A one-line description for logs and the dead-letter list: never the body.</summary>
    public string Describe() => Type switch
    {
        "commit_status" => $"commit_status {Owner}/{Repository}@{Sha} {Context}={State}",
        "check_run" => $"check_run {Owner}/{Repository}@{Sha} '{Name}' {State}{(Conclusion is null ? "" : "/" + Conclusion)}",
        "pr_comment" or "issue_comment" => $"{Type} {Owner}/{Repository}#{Number}{(Upsert ? " (upsert)" : "")}",
        "commit_comment" => $"commit_comment {Owner}/{Repository}@{Sha}",
        "deployment_status" => $"deployment_status {Owner}/{Repository}@{Sha} {Environment}={State}",
        "label" => $"label {Owner}/{Repository}#{Number} +[{string.Join(",", AddLabels ?? [])}] -[{string.Join(",", RemoveLabels ?? [])}]",
        _ => $"{Type} {Owner}/{Repository}@{Sha}",
    };
}
