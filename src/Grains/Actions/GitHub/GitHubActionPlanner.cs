using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Diagnostics;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Plans the effects of every <c>scm.github[].actions[]</c> entry from what the run grain holds (SPEC §4–5). Pure over
/// the run state: the same state plans the same effects, and the ledger drops the ones already brought about.
/// </summary>
internal sealed partial class GitHubActionPlanner(
    IOptionsMonitor<GitHubOptions> scm,
    IOptionsMonitor<DashboardLinkOptions> dashboard,
    RelayTemplates templates,
    ILogger<GitHubActionPlanner> logger) : IEffectPlanner
{
    /// <summary>The provider kind of this module's effects.</summary>
    public const string Provider = "github";

    /// <summary>GitHub keeps at most this many statuses per commit and context.</summary>
    public const int StatusesPerContext = 1000;

    private readonly WhenConditions _conditions = new();

    public IEnumerable<PlannedEffect> Plan(PipelineRunGrainState run)
    {
        if (run.Scm is not { } target || GitHubInstanceSelector.Select(scm.CurrentValue, target.Provider) is not { } instance
            || !GitHubInstanceSelector.Accepts(target))
        {
            return [];
        }

        var plan = new List<PlannedEffect>();
        var link = dashboard.CurrentValue.LinkFor(run);
        var pipeline = run.PipelineName ?? run.RunName ?? "run";
        var baseContext = string.IsNullOrWhiteSpace(target.Context) ? $"tekton/{pipeline}" : target.Context.Trim();
        foreach (var action in instance.Actions)
        {
            if (!action.Filter.Pipelines.Allows(pipeline))
            {
                continue;
            }

            var planning = new GitHubPlanning(instance.Name, action, run, target, link, baseContext, _conditions.For(action.When));
            switch (action.Type)
            {
                case GitHubActionTypes.CommitStatus:
                    PlanCommitStatuses(planning, plan);
                    break;
                case GitHubActionTypes.Label:
                    PlanSummaryEffect(planning, plan, PlanLabels);
                    break;
                default:
                    PlanSummaryEffect(planning, plan, action.Type switch
                    {
                        GitHubActionTypes.CheckRun => PlanCheckRun,
                        GitHubActionTypes.DeploymentStatus => PlanDeploymentStatus,
                        _ => PlanComment,
                    });
                    break;
            }
        }

        return plan;
    }

    /// <summary>One pipeline context, and with <c>context_per_task</c> one per task (<c>&lt;base&gt;/&lt;pipelineTask&gt;</c>).</summary>
    private void PlanCommitStatuses(GitHubPlanning p, List<PlannedEffect> plan)
    {
        foreach (var (context, label, resource) in StatusContexts.Of(
            p.Run, p.BaseContext, p.Action.ContextPerTask, p.Action.Filter.Tasks, (r, task) => p.Allows(p.ContextOf(r, task))))
        {
            plan.Add(CommitStatus(p, context, label, resource));
        }
    }

    private PlannedEffect CommitStatus(GitHubPlanning p, string context, string label, ResourceRecord resource)
    {
        var state = ToGitHubState(resource.State);
        var description = StatusDescription.For(label, resource);
        if (p.Action.Template is { Length: > 0 } template && RunSummary.From(p.Run, p.Link, p.Action.Filter.Tasks) is { } summary)
        {
            description = StatusDescription.Truncate(Render(p, template, summary, description));
        }

        return new PlannedEffect
        {
            Action = p.ActionId,
            Commit = p.Target.CommitSha,
            Context = context,
            CiState = resource.State,
            State = state,
            Description = description,
            TargetUrl = p.Link,
            Envelope = () => p.Effect(p.Command(GitHubActionTypes.CommitStatus) with
            {
                Context = context,
                State = state,
                Description = description,
                TargetUrl = p.Link,
            }) with { Claim = p.Claim(context, resource.State) },
        };
    }

    private static void PlanSummaryEffect(GitHubPlanning p, List<PlannedEffect> plan, Func<GitHubPlanning, RunSummary, string, PlannedEffect?> build)
    {
        if (RunSummary.From(p.Run, p.Link, p.Action.Filter.Tasks) is not { } summary)
        {
            return;
        }

        if (!p.Allows(p.ContextOfRun(summary.State)))
        {
            return;
        }

        if (build(p, summary, SummaryMarkdown.Render(summary)) is { } planned)
        {
            plan.Add(planned);
        }
    }

    /// <summary>One check run per (run, action): queued / in_progress / completed with a conclusion; output = the summary.</summary>
    private PlannedEffect PlanCheckRun(GitHubPlanning p, RunSummary summary, string markdown)
    {
        var name = p.Action.CheckName is { Length: > 0 } configured ? Render(p, configured, summary, markdown).Trim() : p.BaseContext;
        var status = summary.State switch
        {
            CiState.Queued or CiState.Pending => "queued",
            CiState.Running => "in_progress",
            _ => "completed",
        };
        var conclusion = summary.State switch
        {
            CiState.Success => "success",
            CiState.Canceled => "cancelled",
            CiState.Failure or CiState.Error => "failure",
            _ => null,
        };
        var title = p.Action.Title is { Length: > 0 } t ? Render(p, t, summary, markdown) : SummaryMarkdown.Title(summary);
        var body = Body(p, summary, markdown);
        return new PlannedEffect
        {
            Action = p.ActionId,
            Commit = p.Target.CommitSha,
            Context = $"check:{name}",
            CiState = summary.State,
            State = conclusion ?? status,
            TargetUrl = p.Link,
            ContentHash = Hash(title, body),
            EditsInPlace = true,
            Envelope = () => p.Effect(p.Command(GitHubActionTypes.CheckRun) with
            {
                Name = name,
                State = status,
                Conclusion = conclusion,
                Title = title,
                Body = body,
                TargetUrl = p.Link,
                ExternalId = p.RunKey,
                StartedAt = summary.StartedAt,
                CompletedAt = summary.CompletedAt,
            }),
        };
    }

    /// <summary>
    /// <c>pr_comment</c> / <c>issue_comment</c>: <c>upsert</c> keeps one comment per run (marker + stored id);
    /// <c>create</c> posts one comment per pipeline state (by default only when the run finishes).
    /// <c>commit_comment</c> always creates, like <c>create</c>.
    /// </summary>
    private PlannedEffect? PlanComment(GitHubPlanning p, RunSummary summary, string markdown)
    {
        var type = p.Action.Type;
        long? number = type switch
        {
            GitHubActionTypes.PrComment => p.Target.PullRequest,
            GitHubActionTypes.IssueComment => p.Target.Issue ?? p.Target.PullRequest,
            _ => null,
        };
        if (type != GitHubActionTypes.CommitComment && number is null)
        {
            return null;
        }

        var upsert = type != GitHubActionTypes.CommitComment && !string.Equals(p.Action.Mode, "create", StringComparison.OrdinalIgnoreCase);
        if (!upsert && p.Action.When is null && !summary.State.IsTerminal())
        {
            return null;
        }

        var where = type == GitHubActionTypes.CommitComment ? $"commit:{p.Target.CommitSha}" : $"#{number}";
        // Every comment carries a hidden marker: an upserted one is found again by it, a created one is looked for by
        // it after a create that may or may not have reached GitHub.
        var marker = upsert ? $"<!-- relay:{p.ActionId}:{p.RunKey} -->" : $"<!-- relay:{p.ActionId}:{p.RunKey}:{summary.State.ToWireName()} -->";
        var body = marker + "\n" + Body(p, summary, markdown);

        return new PlannedEffect
        {
            Action = p.ActionId,
            Commit = p.Target.CommitSha,
            Context = upsert ? where : $"{where}:{summary.State.ToWireName()}",
            CiState = summary.State,
            State = summary.State.ToWireName(),
            ContentHash = Hash(body),
            Once = !upsert,
            EditsInPlace = upsert,
            Envelope = () => p.Effect(p.Command(type) with
            {
                Number = number,
                Body = body,
                Upsert = upsert,
                Marker = marker,
            }),
        };
    }

    /// <summary>One deployment per (run, environment), created on first use; then a status per pipeline state.</summary>
    private PlannedEffect? PlanDeploymentStatus(GitHubPlanning p, RunSummary summary, string markdown)
    {
        var environment = p.Action.Environment is { Length: > 0 } e ? Render(p, e, summary, markdown).Trim() : "";
        if (environment.Length == 0)
        {
            return null;
        }

        var state = summary.State switch
        {
            CiState.Queued or CiState.Pending => "queued",
            CiState.Running => "in_progress",
            CiState.Success => "success",
            CiState.Failure => "failure",
            _ => "error",
        };
        var description = p.Run.Run is { } top
            ? StatusDescription.For(summary.Pipeline, top)
            : StatusDescription.Truncate($"{summary.Pipeline} is in progress");
        var environmentUrl = p.Action.EnvironmentUrl is { Length: > 0 } u ? Render(p, u, summary, markdown).Trim() : null;
        return new PlannedEffect
        {
            Action = p.ActionId,
            Commit = p.Target.CommitSha,
            Context = $"deployment:{environment}",
            CiState = summary.State,
            State = state,
            Description = description,
            TargetUrl = p.Link,
            ContentHash = environmentUrl is null ? null : Hash(environmentUrl),
            Envelope = () => p.Effect(p.Command(GitHubActionTypes.DeploymentStatus) with
            {
                Environment = environment,
                EnvironmentUrl = environmentUrl,
                Marker = $"relay:{p.ActionId}:{p.RunKey}:{environment}",
                State = state,
                Description = description,
                TargetUrl = p.Link,
            }),
        };
    }

    /// <summary>The labels wanted now (names rendered); ones this action added before and no longer wants are removed at delivery.</summary>
    private PlannedEffect? PlanLabels(GitHubPlanning p, RunSummary summary, string markdown)
    {
        if ((p.Target.PullRequest ?? p.Target.Issue) is not { } number)
        {
            return null;
        }

        var add = RenderNames(p, p.Action.Add, summary, markdown);
        var remove = RenderNames(p, p.Action.Remove, summary, markdown).Except(add, StringComparer.OrdinalIgnoreCase).ToArray();
        return new PlannedEffect
        {
            Action = p.ActionId,
            Commit = p.Target.CommitSha,
            Context = $"labels:#{number}",
            CiState = summary.State,
            // Only the names matter: a new pipeline state with the same labels sends nothing.
            State = "labels",
            ContentHash = Hash(string.Join('\n', add), string.Join('\n', remove)),
            EditsInPlace = true,
            Envelope = () => p.Effect(p.Command(GitHubActionTypes.Label) with { Number = number, AddLabels = add, RemoveLabels = remove }),
        };
    }

    private string[] RenderNames(GitHubPlanning p, List<string> names, RunSummary summary, string markdown) =>
        names.Select(n => Render(p, n, summary, markdown).Trim())
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToArray();

    private string Body(GitHubPlanning p, RunSummary summary, string markdown) =>
        p.Action.Template is { Length: > 0 } template ? Render(p, template, summary, markdown) : markdown;

    /// <summary>Renders a template; a failing one is logged and replaced by <paramref name="fallback"/>, never crashes the run.</summary>
    private string Render(GitHubPlanning p, string template, RunSummary summary, string fallback)
    {
        if (!RelayTemplates.IsTemplate(template))
        {
            return template;
        }

        try
        {
            return templates.Render(template, summary.ToTemplateModel(fallback));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.TemplateFailed(logger, p.RunKey, p.ActionId, exception.Message);
            return fallback;
        }
    }

    private static string Hash(params string[] parts)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }

    /// <summary>SPEC §5: queued/pending/running → pending, success → success, failure → failure, error/canceled → error.</summary>
    public static string ToGitHubState(CiState state) => state switch
    {
        CiState.Success => "success",
        CiState.Failure => "failure",
        CiState.Error or CiState.Canceled => "error",
        _ => "pending",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.TemplateFailed, EventName = "TemplateFailed", Level = LogLevel.Warning,
            Message = "Run {RunKey}: the template of action {Action} failed ({Error}); the default text is used")]
        public static partial void TemplateFailed(ILogger logger, string runKey, string action, string error);
    }
}
