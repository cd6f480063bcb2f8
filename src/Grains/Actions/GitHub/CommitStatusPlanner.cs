using Microsoft.Extensions.Options;
using Relay.Actions;
using Relay.Grains.Runs;
using Relay.Runs;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Plans <c>commit_status</c> actions: one pipeline context (<c>scm.context</c> or <c>tekton/&lt;pipeline&gt;</c>)
/// and, with <c>context_per_task</c>, one per pipeline task (<c>&lt;base&gt;/&lt;pipelineTask&gt;</c>).
/// </summary>
internal sealed class CommitStatusPlanner(
    IOptionsMonitor<ScmOptions> scm,
    IOptionsMonitor<DashboardLinkOptions> dashboard) : IActionPlanner
{
    public IEnumerable<PlannedAction> Plan(PipelineRunGrainState run)
    {
        if (run.Scm is not { } target)
        {
            yield break;
        }

        var instance = GitHubInstanceSelector.Select(scm.CurrentValue, target.Provider);
        if (instance is null)
        {
            yield break;
        }

        var pipeline = run.PipelineName ?? run.RunName ?? "run";
        var baseContext = string.IsNullOrWhiteSpace(target.Context) ? $"tekton/{pipeline}" : target.Context.Trim();
        var link = dashboard.CurrentValue.LinkFor(run);

        foreach (var action in instance.Actions)
        {
            if (action.Type != GitHubActionTypes.CommitStatus)
            {
                continue;
            }

            var actionId = $"{instance.Name}/{action.Name}";
            if (run.Run is { } top)
            {
                yield return Build(actionId, instance.Name, target, baseContext, pipeline, top, link);
            }

            if (!action.ContextPerTask)
            {
                continue;
            }

            foreach (var task in run.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
            {
                yield return Build(actionId, instance.Name, target, $"{baseContext}/{task.Name}", task.DisplayName ?? task.Name, task, link);
            }
        }
    }

    private static PlannedAction Build(
        string actionId, string instance, Relay.Events.ScmTarget target, string context, string label, ResourceRecord resource, string? link)
    {
        var state = ToGitHubState(resource.State);
        var description = StatusDescription.For(label, resource);
        return new PlannedAction
        {
            Action = actionId,
            Context = context,
            CiState = resource.State,
            State = state,
            Description = description,
            TargetUrl = link,
            Command = new GitHubCommand
            {
                Instance = instance,
                Type = GitHubActionTypes.CommitStatus,
                Owner = target.Owner,
                Repository = target.Repository,
                Sha = target.CommitSha,
                Context = context,
                State = state,
                Description = description,
                TargetUrl = link,
                ApiBaseUrl = target.ApiBaseUrl,
            },
        };
    }

    /// <summary>SPEC §5: queued/pending/running → pending, success → success, failure → failure, error/canceled → error.</summary>
    public static string ToGitHubState(CiState state) => state switch
    {
        CiState.Success => "success",
        CiState.Failure => "failure",
        CiState.Error or CiState.Canceled => "error",
        _ => "pending",
    };
}
