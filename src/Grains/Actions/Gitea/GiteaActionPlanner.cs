using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;

namespace Relay.Grains.Actions.Gitea;

/// <summary>Plans <c>scm.gitea[]</c>'s commit statuses and pull request comments (the SCM kit's planner with Gitea's state words).</summary>
internal sealed class GiteaActionPlanner(
    IOptionsMonitor<GiteaOptions> options,
    IOptionsMonitor<DashboardLinkOptions> dashboard,
    RelayTemplates templates,
    IEnumerable<IScmInstanceNames> modules,
    ILogger<GiteaActionPlanner> logger) : ScmActionPlanner(dashboard, templates, modules, logger)
{
    /// <summary>The provider kind of this module's effects.</summary>
    public const string Kind = "gitea";

    public override string Provider => Kind;

    /// <summary><c>gitea</c>, and <c>forgejo</c> (a Gitea fork with the same API; also Pipelines-as-Code's name for it).</summary>
    protected override IReadOnlyCollection<string> Kinds { get; } = [Kind, "forgejo"];

    protected override string CommentType => ScmActionTypes.PrComment;

    protected override IReadOnlyList<ScmInstanceOptions> Instances => options.CurrentValue.Gitea;

    /// <summary>queued/pending/running → pending, success → success, failure → failure, error/canceled → error.</summary>
    public override string MapState(CiState state) => ToGiteaState(state);

    public static string ToGiteaState(CiState state) => state switch
    {
        CiState.Success => "success",
        CiState.Failure => "failure",
        CiState.Error or CiState.Canceled => "error",
        _ => "pending",
    };
}
