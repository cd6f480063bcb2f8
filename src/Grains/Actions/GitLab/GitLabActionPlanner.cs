using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;

namespace Relay.Grains.Actions.GitLab;

/// <summary>Plans <c>scm.gitlab[]</c>'s commit statuses and merge request notes (the SCM kit's planner with GitLab's state words).</summary>
internal sealed class GitLabActionPlanner(
    IOptionsMonitor<GitLabOptions> options,
    IOptionsMonitor<DashboardLinkOptions> dashboard,
    RelayTemplates templates,
    IEnumerable<IScmInstanceNames> modules,
    ILogger<GitLabActionPlanner> logger) : ScmActionPlanner(dashboard, templates, modules, logger)
{
    /// <summary>The provider kind of this module's effects.</summary>
    public const string Kind = "gitlab";

    public override string Provider => Kind;

    protected override IReadOnlyCollection<string> Kinds { get; } = [Kind];

    protected override string CommentType => ScmActionTypes.MrComment;

    protected override IReadOnlyList<ScmInstanceOptions> Instances => options.CurrentValue.GitLab;

    /// <summary>queued/pending → pending, running → running, success → success, failure/error → failed, canceled → canceled.</summary>
    public override string MapState(CiState state) => ToGitLabState(state);

    public static string ToGitLabState(CiState state) => state switch
    {
        CiState.Running => "running",
        CiState.Success => "success",
        CiState.Failure or CiState.Error => "failed",
        CiState.Canceled => "canceled",
        _ => "pending",
    };
}
