using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;

namespace Relay.Grains.Actions.Bitbucket;

/// <summary>
/// Plans <c>scm.bitbucket[]</c>'s build statuses and pull request comments (the SCM kit's planner with Bitbucket's
/// state words). Pipelines-as-Code's <c>bitbucket-cloud</c> selects the first Cloud instance,
/// <c>bitbucket-datacenter</c> and <c>bitbucket-server</c> the first Data Center instance.
/// </summary>
internal sealed class BitbucketActionPlanner(
    IOptionsMonitor<BitbucketOptions> options,
    IOptionsMonitor<DashboardLinkOptions> dashboard,
    RelayTemplates templates,
    IEnumerable<IScmInstanceNames> modules,
    ILogger<BitbucketActionPlanner> logger) : ScmActionPlanner(dashboard, templates, modules, logger)
{
    /// <summary>The provider kind of this module's effects.</summary>
    public const string Kind = "bitbucket";

    /// <summary>Pipelines-as-Code's <c>git-provider</c> for Bitbucket Cloud.</summary>
    public const string CloudKind = "bitbucket-cloud";

    /// <summary>Pipelines-as-Code's <c>git-provider</c> values for Bitbucket Data Center (and its former name, Server).</summary>
    public static readonly IReadOnlyCollection<string> DataCenterKinds = ["bitbucket-datacenter", "bitbucket-server"];

    private readonly IScmInstanceNames[] _modules = modules.ToArray();

    public override string Provider => Kind;

    protected override IReadOnlyCollection<string> Kinds { get; } = [Kind, CloudKind, .. DataCenterKinds];

    protected override string CommentType => ScmActionTypes.PrComment;

    protected override IReadOnlyList<ScmInstanceOptions> Instances => options.CurrentValue.Bitbucket;

    /// <summary>Cloud's words (canceled → <c>STOPPED</c>); <see cref="MapState(string, CiState)"/> gives Data Center's.</summary>
    public override string MapState(CiState state) => ToBitbucketState(state, dataCenter: false);

    /// <summary>queued/pending/running → INPROGRESS, success → SUCCESSFUL, failure/error → FAILED, canceled → STOPPED (Cloud) or CANCELLED (Data Center).</summary>
    public static string ToBitbucketState(CiState state, bool dataCenter) => state switch
    {
        CiState.Success => "SUCCESSFUL",
        CiState.Failure or CiState.Error => "FAILED",
        CiState.Canceled => dataCenter ? "CANCELLED" : "STOPPED",
        _ => "INPROGRESS",
    };

    protected override string MapState(string instance, CiState state) =>
        ToBitbucketState(state, options.CurrentValue.Bitbucket.Find(i => string.Equals(i.Name, instance, StringComparison.OrdinalIgnoreCase))?.IsDataCenter == true);

    /// <summary>An instance name first; then the kind, narrowed to the flavor Pipelines-as-Code named.</summary>
    protected override ScmInstanceOptions? Select(ScmTarget target)
    {
        var all = options.CurrentValue.Bitbucket;
        if (ScmInstanceSelector.Select(all, [], target.Provider, Provider, _modules) is { } named)
        {
            return named;
        }

        var candidates = string.Equals(target.Provider, CloudKind, StringComparison.OrdinalIgnoreCase) ? all.FindAll(i => !i.IsDataCenter)
            : DataCenterKinds.Contains(target.Provider, StringComparer.OrdinalIgnoreCase) ? all.FindAll(i => i.IsDataCenter)
            : all;
        return ScmInstanceSelector.Select(candidates, Kinds, target.Provider, Provider, _modules);
    }

    /// <summary>A workspace / project key and a repository slug: single names without spaces.</summary>
    protected override bool Accepts(ScmTarget target) =>
        !target.Owner.Contains('/', StringComparison.Ordinal) && !target.Owner.Contains(' ', StringComparison.Ordinal)
        && !target.Repository.Contains(' ', StringComparison.Ordinal);
}
