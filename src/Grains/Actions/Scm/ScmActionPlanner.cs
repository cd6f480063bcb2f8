using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Actions;
using Relay.Events;
using Relay.Grains.Actions.Claims;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Diagnostics;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;

namespace Relay.Grains.Actions.Scm;

/// <summary>
/// The SCM kit's planner: from what a run grain holds, the commit statuses (contexts named as for GitHub:
/// <c>tekton/&lt;pipeline&gt;</c>, tasks <c>…/&lt;pipelineTask&gt;</c>, or <c>scm.context</c>) and the one run comment
/// (created with the run's first state, then edited in place) of every action of the instance the run selects.
/// A provider derives from it and names its kind, aliases, comment type, instances and state words.
/// </summary>
internal abstract partial class ScmActionPlanner(
    IOptionsMonitor<DashboardLinkOptions> dashboard,
    RelayTemplates templates,
    IEnumerable<IScmInstanceNames> modules,
    ILogger logger) : IEffectPlanner
{
    private readonly WhenConditions _conditions = new();
    private readonly IScmInstanceNames[] _modules = modules.ToArray();

    /// <summary>The provider kind of the module's effects (<see cref="Effect.Provider"/>).</summary>
    public abstract string Provider { get; }

    /// <summary>The <c>scm.provider</c> / <c>git-provider</c> values that select this module's first instance.</summary>
    protected abstract IReadOnlyCollection<string> Kinds { get; }

    /// <summary>The module's run comment type (<see cref="ScmActionTypes.MrComment"/> or <see cref="ScmActionTypes.PrComment"/>).</summary>
    protected abstract string CommentType { get; }

    /// <summary>The module's configured instances, now.</summary>
    protected abstract IReadOnlyList<ScmInstanceOptions> Instances { get; }

    /// <summary>The provider's commit status word for a Relay state.</summary>
    public abstract string MapState(CiState state);

    /// <summary>False for a target the provider cannot address (e.g. a nested namespace where it has none).</summary>
    protected virtual bool Accepts(ScmTarget target) => true;

    /// <summary>
    /// The instance <paramref name="target"/> selects (<see cref="ScmInstanceSelector"/>); a provider whose kinds
    /// narrow the choice (Bitbucket's <c>bitbucket-cloud</c> / <c>bitbucket-datacenter</c>) overrides it.
    /// </summary>
    protected virtual ScmInstanceOptions? Select(ScmTarget target) =>
        ScmInstanceSelector.Select(Instances, Kinds, target.Provider, Provider, _modules);

    /// <summary>The state word at the instance named <paramref name="instance"/>; by default <see cref="MapState(CiState)"/> (flavors may differ).</summary>
    protected virtual string MapState(string instance, CiState state) => MapState(state);

    public IEnumerable<PlannedEffect> Plan(PipelineRunGrainState run)
    {
        if (run.Scm is not { } target
            || Select(target) is not { } instance
            || !Accepts(target))
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

            var planning = new ScmPlanning(Provider, instance.Name, action, run, target, link, baseContext, _conditions.For(action.When));
            if (action.Type == ScmActionTypes.CommitStatus)
            {
                PlanCommitStatuses(planning, plan);
            }
            else if (action.Type == CommentType && PlanComment(planning) is { } comment)
            {
                plan.Add(comment);
            }
        }

        return plan;
    }

    private void PlanCommitStatuses(ScmPlanning p, List<PlannedEffect> plan)
    {
        foreach (var (context, label, resource) in StatusContexts.Of(
            p.Run, p.BaseContext, p.Action.ContextPerTask, p.Action.Filter.Tasks, (r, task) => p.Allows(p.ContextOf(r, task))))
        {
            plan.Add(CommitStatus(p, context, label, resource));
        }
    }

    private PlannedEffect CommitStatus(ScmPlanning p, string context, string label, ResourceRecord resource)
    {
        var state = MapState(p.Instance, resource.State);
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
            Envelope = () => p.Effect(p.Command(ScmActionTypes.CommitStatus) with
            {
                Context = context,
                State = state,
                Description = description,
                TargetUrl = p.Link,
            }) with { Claim = ContextClaims.For(p.Run, p.RunKey, p.Provider, p.Instance, p.Target, context, resource.State) },
        };
    }

    /// <summary>One comment per run on the pull/merge request, its body the run summary (or the template), edited in place.</summary>
    private PlannedEffect? PlanComment(ScmPlanning p)
    {
        if (p.Target.PullRequest is not { } number
            || RunSummary.From(p.Run, p.Link, p.Action.Filter.Tasks) is not { } summary
            || !p.Allows(p.ContextOfRun(summary.State)))
        {
            return null;
        }

        var markdown = SummaryMarkdown.Render(summary);
        var marker = $"<!-- relay:{p.ActionId}:{p.RunKey} -->";
        var body = marker + "\n" + (p.Action.Template is { Length: > 0 } template ? Render(p, template, summary, markdown) : markdown);
        return new PlannedEffect
        {
            Action = p.ActionId,
            Commit = p.Target.CommitSha,
            Context = $"#{number}",
            CiState = summary.State,
            State = summary.State.ToWireName(),
            ContentHash = Hash(body),
            EditsInPlace = true,
            Envelope = () => p.Effect(p.Command(p.Action.Type) with { Number = number, Body = body, Marker = marker }),
        };
    }

    /// <summary>Renders a template; a failing one is logged and replaced by <paramref name="fallback"/>, never crashes the run.</summary>
    private string Render(ScmPlanning p, string template, RunSummary summary, string fallback)
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

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.ScmTemplateFailed, EventName = "ScmTemplateFailed", Level = LogLevel.Warning,
            Message = "Run {RunKey}: the template of action {Action} failed ({Error}); the default text is used")]
        public static partial void TemplateFailed(ILogger logger, string runKey, string action, string error);
    }
}
