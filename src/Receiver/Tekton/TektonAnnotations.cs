namespace Relay.Receiver.Tekton;

/// <summary>Annotation and label names Relay reads (SPEC §2).</summary>
internal static class TektonAnnotations
{
    /// <summary>Relay's own annotation prefix.</summary>
    public const string Prefix = "relay.tekton.dev/";

    /// <summary>The Go relay's prefix, accepted so its users can switch without touching pipelines.</summary>
    public const string AliasPrefix = "tekton.dev/tekton-events-relay.";

    public const string Provider = "scm.provider";
    public const string RepoOwner = "scm.repo-owner";
    public const string RepoName = "scm.repo-name";
    public const string CommitSha = "scm.commit-sha";
    public const string PrNumber = "scm.pr-number";
    public const string IssueNumber = "scm.issue-number";
    public const string Context = "scm.context";
    public const string ApiBaseUrl = "scm.api-base-url";

    /// <summary>Pipelines-as-Code keys, read when no relay annotation is present (labels or annotations).</summary>
    public const string PacSha = "pipelinesascode.tekton.dev/sha";
    public const string PacOrg = "pipelinesascode.tekton.dev/url-org";
    public const string PacRepository = "pipelinesascode.tekton.dev/url-repository";
    public const string PacPullRequest = "pipelinesascode.tekton.dev/pull-request";
    public const string PacGitProvider = "pipelinesascode.tekton.dev/git-provider";

    /// <summary>Prefix of Pipelines-as-Code's labels and annotations.</summary>
    public const string PacPrefix = "pipelinesascode.tekton.dev/";

    /// <summary>The <c>app.kubernetes.io/managed-by</c> value on runs Pipelines-as-Code created.</summary>
    public const string PacManagedBy = "pipelinesascode.tekton.dev";

    public const string LabelManagedBy = "app.kubernetes.io/managed-by";

    /// <summary>Labels Tekton puts on child runs.</summary>
    public const string LabelPipeline = "tekton.dev/pipeline";
    public const string LabelPipelineRun = "tekton.dev/pipelineRun";
    public const string LabelPipelineRunUid = "tekton.dev/pipelineRunUID";
    public const string LabelPipelineTask = "tekton.dev/pipelineTask";
    public const string LabelTask = "tekton.dev/task";
    public const string LabelMemberOf = "tekton.dev/memberOf";
}
