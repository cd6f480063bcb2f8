namespace Relay.Grains.Actions.Scm;

/// <summary>
/// The provider-neutral payload of an SCM kit effect, stored (as JSON, <see cref="ScmJson"/>) in the envelope's
/// <see cref="Relay.Actions.Effect.Payload"/>: a commit status or the run comment. Each provider's executor turns it
/// into its own request.
/// </summary>
internal sealed record ScmCommand
{
    /// <summary><see cref="ScmActionTypes.CommitStatus"/> or the provider's comment type.</summary>
    public required string Type { get; init; }

    /// <summary>GitLab namespace path, Gitea owner, Bitbucket workspace or project key, Azure DevOps project.</summary>
    public required string Owner { get; init; }

    public required string Repository { get; init; }

    public required string Sha { get; init; }

    /// <summary>Commit status: the context (<c>tekton/&lt;pipeline&gt;</c>, <c>…/&lt;pipelineTask&gt;</c>, or <c>scm.context</c>).</summary>
    public string? Context { get; init; }

    /// <summary>Commit status: the provider's state word (already mapped by the provider's planner).</summary>
    public string? State { get; init; }

    public string? Description { get; init; }

    public string? TargetUrl { get; init; }

    /// <summary>Comment: the merge request iid / pull request number.</summary>
    public long? Number { get; init; }

    /// <summary>Comment: the whole body, the marker on its first line.</summary>
    public string? Body { get; init; }

    /// <summary>Comment: the hidden marker (<c>&lt;!-- relay:{action}:{run} --&gt;</c>) that finds the comment again.</summary>
    public string? Marker { get; init; }

    /// <summary>True for a status; false for the comment.</summary>
    public bool IsStatus => Type == ScmActionTypes.CommitStatus;

    /// <summary>One line for logs and dead letters; never the body.</summary>
    public string Describe() => IsStatus
        ? $"{Type} {Owner}/{Repository}@{Sha[..Math.Min(7, Sha.Length)]} {Context} → {State}"
        : $"{Type} {Owner}/{Repository}#{Number}";
}
