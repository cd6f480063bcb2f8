using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// One GitHub effect to bring about: everything the executor needs, nothing it has to look up in run state. It travels
/// as the payload of an <see cref="Relay.Actions.Effect"/> (JSON, <see cref="GitHubJson"/>); stored format 2 kept it
/// under an outbox entry's <c>github</c> member with the same field names, so those records read as payloads unchanged.
/// <see cref="Type"/> is the <c>actions[].type</c> (SPEC §5); the members that type does not use stay null.
/// </summary>
internal sealed record GitHubCommand
{
    /// <summary>The <c>scm.github[].name</c> instance whose endpoint and credentials to use.</summary>
    public required string Instance { get; init; }

    /// <summary><c>commit_status</c>, <c>check_run</c>, <c>pr_comment</c>, <c>issue_comment</c>, <c>commit_comment</c>, <c>deployment_status</c> or <c>label</c>.</summary>
    public required string Type { get; init; }

    public required string Owner { get; init; }

    public required string Repository { get; init; }

    public required string Sha { get; init; }

    /// <summary>Per-run API root override; null uses the instance's <c>base_url</c>.</summary>
    public string? ApiBaseUrl { get; init; }

    /// <summary><c>commit_status</c>: the status context.</summary>
    public string? Context { get; init; }

    /// <summary>
    /// The provider's state word: commit status (<c>pending</c>, <c>success</c>, <c>failure</c>, <c>error</c>),
    /// check run status (<c>queued</c>, <c>in_progress</c>, <c>completed</c>) or deployment state.
    /// </summary>
    public string? State { get; init; }

    /// <summary>Commit status or deployment status description (at most 140 characters).</summary>
    public string? Description { get; init; }

    /// <summary>Status <c>target_url</c>, check run <c>details_url</c>, deployment status <c>log_url</c>.</summary>
    public string? TargetUrl { get; init; }

    /// <summary><c>check_run</c>: the check run name.</summary>
    public string? Name { get; init; }

    /// <summary><c>check_run</c>: the conclusion once completed (<c>success</c>, <c>failure</c>, <c>cancelled</c>, …).</summary>
    public string? Conclusion { get; init; }

    /// <summary><c>check_run</c>: <c>output.title</c>.</summary>
    public string? Title { get; init; }

    /// <summary>Comment body or check run <c>output.summary</c>.</summary>
    public string? Body { get; init; }

    /// <summary>Pull request or issue number for comments and labels.</summary>
    public long? Number { get; init; }

    /// <summary>Comments: edit one comment in place (found by <see cref="ResourceId"/>, else by <see cref="Marker"/>).</summary>
    public bool Upsert { get; init; }

    /// <summary>The hidden HTML marker an upserted comment carries, so it can be found again if state is lost.</summary>
    public string? Marker { get; init; }

    /// <summary><c>deployment_status</c>: the deployment environment.</summary>
    public string? Environment { get; init; }

    /// <summary><c>label</c>: labels to add.</summary>
    public IReadOnlyList<string>? AddLabels { get; init; }

    /// <summary><c>label</c>: labels to remove (a missing label is not an error).</summary>
    public IReadOnlyList<string>? RemoveLabels { get; init; }

    /// <summary>
    /// The id of what an earlier delivery created (check run, comment, deployment); null creates it. Set at delivery
    /// from the ledger's memo, never part of the payload.
    /// </summary>
    [JsonIgnore] public long? ResourceId { get; init; }

    /// <summary><c>check_run</c>: <c>external_id</c>, the run key, to find the check run again.</summary>
    public string? ExternalId { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary><c>deployment_status</c>: <c>environment_url</c>.</summary>
    public string? EnvironmentUrl { get; init; }

    /// <summary>
    /// Set at delivery from the ledger's memo: an earlier attempt sent a create without a clear answer, so look for what
    /// it may have created (marker, <c>external_id</c>, deployment payload) before creating again. Never in the payload.
    /// </summary>
    [JsonIgnore] public bool MaybeCreated { get; init; }

    /// <summary>True for the types whose delivery may create something that a repeat would create twice.</summary>
    /// <summary>
    /// The command shows a settled outcome rather than an intermediate one (a pending status, a check run not completed,
    /// a deployment not finished): under a short content budget, settled outcomes go first.
    /// </summary>
    [JsonIgnore] public bool ShowsOutcome => Type switch
    {
        GitHubActionTypes.CommitStatus => State is not "pending",
        GitHubActionTypes.CheckRun => State is "completed",
        GitHubActionTypes.DeploymentStatus => State is not ("queued" or "in_progress" or "pending"),
        _ => true,
    };

    [JsonIgnore] public bool Creates => Type is GitHubActionTypes.CheckRun or GitHubActionTypes.PrComment or GitHubActionTypes.IssueComment
        or GitHubActionTypes.CommitComment or GitHubActionTypes.DeploymentStatus;

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
