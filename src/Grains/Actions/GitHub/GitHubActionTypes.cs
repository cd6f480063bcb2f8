namespace Relay.Grains.Actions.GitHub;

/// <summary>The <c>actions[].type</c> values (SPEC §5).</summary>
public static class GitHubActionTypes
{
    public const string CommitStatus = "commit_status";
    public const string CheckRun = "check_run";
    public const string PrComment = "pr_comment";
    public const string IssueComment = "issue_comment";
    public const string CommitComment = "commit_comment";
    public const string DeploymentStatus = "deployment_status";
    public const string Label = "label";

    /// <summary>Every supported type, for validation messages.</summary>
    public static readonly IReadOnlyList<string> All = [CommitStatus, CheckRun, PrComment, IssueComment, CommitComment, DeploymentStatus, Label];
}
