using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Actions;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// Plans the notifications of every <c>notifiers.&lt;kind&gt;[]</c> instance: one effect per (notifier, run, state),
/// about no commit (a run without SCM annotations notifies too), brought about once (<see cref="PlannedEffect.Once"/>),
/// so the ledger keeps retries, replays, re-emissions and replicas from sending a message twice.
/// </summary>
internal sealed partial class NotifierPlanner(
    IOptionsMonitor<NotifiersOptions> options,
    IOptionsMonitor<DashboardLinkOptions> dashboard,
    RelayTemplates templates,
    ILogger<NotifierPlanner> logger) : IEffectPlanner
{
    private static readonly CiState[] Outcomes = [CiState.Success, CiState.Failure, CiState.Error];

    private readonly WhenConditions _conditions = new();

    public IEnumerable<PlannedEffect> Plan(PipelineRunGrainState run)
    {
        NotifiersOptions configured;
        try
        {
            configured = options.CurrentValue;
        }
        catch (OptionsValidationException)
        {
            // Refused at start-up and by --validate; a hot-reloaded file that fails plans nothing until it is fixed.
            return [];
        }

        var plan = new List<PlannedEffect>();
        foreach (var (kind, _, notifier) in configured.All())
        {
            if (string.IsNullOrWhiteSpace(notifier.Name))
            {
                continue;
            }

            var pipeline = run.PipelineName ?? run.RunName ?? "run";
            if (!notifier.Filter.Pipelines.Allows(pipeline) ||
                RunSummary.From(run, dashboard.CurrentValue.LinkFor(run), notifier.Filter.Tasks) is not { } summary)
            {
                continue;
            }

            var planning = new Planning(kind, notifier, run, summary, _conditions.For(notifier.When));
            if (run.Run is { } top)
            {
                PlanPipeline(planning, top, plan);
            }

            if (notifier.PerTask)
            {
                PlanTasks(planning, plan);
            }
        }

        return plan;
    }

    /// <summary>
    /// The pipeline's state, when <c>on</c> names it; and, for notifiers that remember outcomes (PagerDuty,
    /// <c>success_after_failure</c>), every success, failure and error, so that the next run knows what came before.
    /// </summary>
    private void PlanPipeline(Planning p, ResourceRecord top, List<PlannedEffect> plan)
    {
        var state = top.State;
        var wire = state.ToWireName();
        var states = p.Notifier.States;
        var notify = states.Contains(wire);
        var pagerDuty = p.Kind == NotifierKinds.PagerDuty;
        var fixedWanted = states.Contains(NotifyOn.SuccessAfterFailure);
        var records = pagerDuty || fixedWanted;
        var relevant = pagerDuty
            ? (notify && state is CiState.Failure or CiState.Error) || state == CiState.Success
            : notify || (records && Outcomes.Contains(state));
        if (!relevant || !p.Allows(p.ContextOf(top, task: null)))
        {
            return;
        }

        plan.Add(Effect(p, wire, state, task: null, notify, fixedWanted, records && Outcomes.Contains(state)));
    }

    /// <summary>Per-task notifications (<c>per_task: true</c>): each task whose state is in <c>on</c>, once per state.</summary>
    private void PlanTasks(Planning p, List<PlannedEffect> plan)
    {
        if (p.Kind == NotifierKinds.PagerDuty)
        {
            return;
        }

        foreach (var task in p.Run.Tasks.Values.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var wire = task.State.ToWireName();
            if (p.Notifier.Filter.Tasks.Allows(task.Name) && p.Notifier.States.Contains(wire) && p.Allows(p.ContextOf(task, task.Name)))
            {
                plan.Add(Effect(p, $"{task.Name}:{wire}", task.State, task.Name, notify: true, notifyFixed: false, records: false));
            }
        }
    }

    private PlannedEffect Effect(Planning p, string context, CiState state, string? task, bool notify, bool notifyFixed, bool records)
    {
        var wire = state.ToWireName();
        return new PlannedEffect
        {
            Action = p.ActionId,
            Commit = "",
            Context = context,
            CiState = state,
            State = wire,
            TargetUrl = p.Summary.DashboardUrl,
            Once = true,
            Envelope = () =>
            {
                var command = Command(p, wire, task, notify, notifyFixed, records);
                return new Effect
                {
                    Provider = p.Kind,
                    Instance = p.Notifier.Name,
                    Type = "notification",
                    Payload = NotifierJson.Write(command),
                    Summary = command.Describe(),
                };
            },
        };
    }

    private NotificationCommand Command(Planning p, string state, string? task, bool notify, bool notifyFixed, bool records)
    {
        var summary = p.Summary;
        var run = p.Run;
        var repository = run.Scm is { } scm ? $"{scm.Owner}/{scm.Repository}" : null;
        var scope = $"{repository ?? "ns:" + summary.Namespace}|{summary.Pipeline}|{(run.Scm?.PullRequest is { } pr ? $"pr-{pr}" : "default")}";
        var markdown = SummaryMarkdown.Render(summary);
        var failed = summary.Tasks
            .Where(t => t.State is CiState.Failure or CiState.Error)
            .Select(t => new FailedTask(t.DisplayName, t.State.ToWireName(), t.Reason, t.Message))
            .ToArray();
        return new NotificationCommand
        {
            Kind = p.Kind,
            Notifier = p.Notifier.Name,
            State = state,
            Notify = notify,
            NotifyFixed = notifyFixed,
            RecordsHistory = records,
            RunId = $"{p.RunKey}#{run.Incarnation ?? run.Uid ?? ""}",
            HistoryKey = $"{p.ActionId}|{scope}",
            DedupKey = $"relay/{scope.Replace('|', '/')}",
            Task = task,
            RunKey = p.RunKey,
            Name = summary.Name,
            Namespace = summary.Namespace,
            Pipeline = summary.Pipeline,
            RunKind = summary.Kind,
            Reason = task is null ? summary.Reason : run.Tasks[task].Reason,
            Message = task is null ? summary.Message : run.Tasks[task].Message,
            Duration = task is null ? summary.Duration : StatusDescription.FormatDuration(run.Tasks[task]),
            StartedAt = summary.StartedAt,
            CompletedAt = summary.CompletedAt,
            Repository = repository,
            Sha = summary.Sha,
            PullRequest = summary.PullRequest,
            DashboardUrl = summary.DashboardUrl,
            TaskCount = summary.Tasks.Count,
            SucceededCount = summary.Tasks.Count(t => t.State == CiState.Success),
            FailedTasks = failed,
            Text = p.Notifier.Template is { Length: > 0 } template ? Render(p, template, summary, markdown) : null,
            Subject = p.Notifier is EmailNotifierOptions { Subject: { Length: > 0 } subject } ? Render(p, subject, summary, markdown)?.Trim() : null,
        };
    }

    /// <summary>Renders a template; a failing one is logged and the kind's default text is used.</summary>
    private string? Render(Planning p, string template, RunSummary summary, string markdown)
    {
        if (!RelayTemplates.IsTemplate(template))
        {
            return template;
        }

        try
        {
            return templates.Render(template, summary.ToTemplateModel(markdown));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.TemplateFailed(logger, p.RunKey, p.ActionId, exception.Message);
            return null;
        }
    }

    /// <summary>Everything one notifier's planning needs.</summary>
    private sealed record Planning(string Kind, NotifierOptions Notifier, PipelineRunGrainState Run, RunSummary Summary, WhenExpression? When)
    {
        /// <summary><c>{kind}/{name}</c>: the ledger's action.</summary>
        public string ActionId { get; } = $"{Kind}/{Notifier.Name}";

        public string RunKey { get; } = Run.Kind == RunKind.PipelineRun
            ? $"{Run.Namespace}/{Run.RunName}"
            : $"{Run.Namespace}/{Run.Kind.ToString().ToLowerInvariant()}/{Run.RunName}";

        public bool Allows(WhenContext context) => When?.Evaluate(context) ?? true;

        public WhenContext ContextOf(ResourceRecord resource, string? task) => new()
        {
            State = resource.State.ToWireName(),
            Kind = task is null ? Run.Kind.ToString().ToLowerInvariant() : resource.Kind.ToString().ToLowerInvariant(),
            Namespace = Run.Namespace ?? "",
            Pipeline = Run.PipelineName ?? "",
            Name = Run.RunName ?? "",
            Task = task ?? "",
            Reason = resource.Reason ?? "",
            Repository = Run.Scm is { } scm ? $"{scm.Owner}/{scm.Repository}" : "",
            IsPullRequest = Run.Scm?.PullRequest is not null,
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = NotifierLogEventIds.TemplateFailed, EventName = "NotifierTemplateFailed", Level = LogLevel.Warning,
            Message = "Run {RunKey}: the template of notifier {Notifier} failed ({Error}); the default text is used")]
        public static partial void TemplateFailed(ILogger logger, string runKey, string notifier, string error);
    }
}
