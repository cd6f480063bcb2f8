namespace Relay.Grains.Actions.Scm;

/// <summary>The <c>actions[].type</c> values the SCM kit plans.</summary>
public static class ScmActionTypes
{
    /// <summary>A commit status per context (<c>tekton/&lt;pipeline&gt;</c>, and per task with <c>context_per_task</c>).</summary>
    public const string CommitStatus = "commit_status";

    /// <summary>GitLab's run comment: one merge request note per run, edited in place.</summary>
    public const string MrComment = "mr_comment";

    /// <summary>The run comment of the other providers: one pull request comment per run, edited in place.</summary>
    public const string PrComment = "pr_comment";
}
