using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;

namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>Plans <c>scm.azure_devops[]</c>'s commit statuses and pull request threads (the SCM kit's planner with Azure DevOps' state words).</summary>
internal sealed class AzureDevOpsActionPlanner(
    IOptionsMonitor<AzureDevOpsOptions> options,
    IOptionsMonitor<DashboardLinkOptions> dashboard,
    RelayTemplates templates,
    IEnumerable<IScmInstanceNames> modules,
    ILogger<AzureDevOpsActionPlanner> logger) : ScmActionPlanner(dashboard, templates, modules, logger)
{
    /// <summary>The provider kind of this module's effects.</summary>
    public const string Kind = "azure_devops";

    public override string Provider => Kind;

    protected override IReadOnlyCollection<string> Kinds { get; } = [Kind];

    protected override string CommentType => ScmActionTypes.PrComment;

    protected override IReadOnlyList<ScmInstanceOptions> Instances => options.CurrentValue.AzureDevOps;

    public override string MapState(CiState state) => ToAzureDevOpsState(state);

    /// <summary>queued/pending/running → pending, success → succeeded, failure → failed, error/canceled → error.</summary>
    public static string ToAzureDevOpsState(CiState state) => state switch
    {
        CiState.Success => "succeeded",
        CiState.Failure => "failed",
        CiState.Error or CiState.Canceled => "error",
        _ => "pending",
    };

    /// <summary>A project (it may contain spaces) and a repository: single names, never a path.</summary>
    protected override bool Accepts(ScmTarget target) => !target.Owner.Contains('/', StringComparison.Ordinal);
}
