using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.GitHub.Tests;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;
using Xunit;

namespace Relay.Grains.Actions.Notifiers.Tests;

/// <summary>What the notifiers plan from a run's state: one once-only effect per (notifier, run, state), about no commit.</summary>
public sealed class NotifierPlannerTests
{
    [Theory]
    [InlineData(CiState.Running, false)]
    [InlineData(CiState.Success, false)]
    [InlineData(CiState.Canceled, false)]
    [InlineData(CiState.Failure, true)]
    [InlineData(CiState.Error, true)]
    public void By_default_only_a_failed_or_errored_pipeline_notifies(CiState state, bool notifies)
    {
        var plan = Plan(GitHubActionPlannerTests.Run(state), o => o.Slack.Add(Chat("alerts")));

        Assert.Equal(notifies, plan.Length == 1);
        if (notifies)
        {
            var planned = plan[0];
            Assert.Equal(("slack/alerts", "", state.ToWireName()), (planned.Action, planned.Commit, planned.Context));
            Assert.True(planned.Once);
            Assert.Equal("slack", planned.Effect.Provider);
            Assert.DoesNotContain("webhook", planned.Effect.Payload, StringComparison.Ordinal);
            var command = NotifierJson.Read(planned.Effect.Payload)!;
            Assert.True(command.Notify);
            Assert.False(command.RecordsHistory);
            Assert.Equal("test", Assert.Single(command.FailedTasks).Name);
            Assert.Equal("https://tekton.example.com/#/namespaces/ci/pipelineruns/webapp-run-1", command.DashboardUrl);
        }
    }

    [Fact]
    public void Success_after_failure_plans_every_outcome_so_the_history_knows_it_but_only_failures_notify_by_themselves()
    {
        var notifier = Chat("alerts", "failure", "success_after_failure");

        var success = NotifierJson.Read(Assert.Single(Plan(GitHubActionPlannerTests.Run(CiState.Success), o => o.Slack.Add(notifier))).Effect.Payload)!;
        var error = NotifierJson.Read(Assert.Single(Plan(GitHubActionPlannerTests.Run(CiState.Error), o => o.Slack.Add(notifier))).Effect.Payload)!;

        Assert.Equal((false, true, true), (success.Notify, success.NotifyFixed, success.RecordsHistory));
        Assert.Equal((false, true), (error.Notify, error.RecordsHistory));
        Assert.Equal("slack/alerts|acme/webapp|webapp-ci|pr-42", success.HistoryKey);
        Assert.Empty(Plan(GitHubActionPlannerTests.Run(CiState.Running), o => o.Slack.Add(notifier)));
    }

    [Fact]
    public void PagerDuty_triggers_on_failure_and_plans_every_success_as_a_possible_resolve_with_one_dedup_key()
    {
        var pagerDuty = new PagerDutyNotifierOptions { Name = "oncall", RoutingKeyFile = "/x" };

        var failure = NotifierJson.Read(Assert.Single(Plan(GitHubActionPlannerTests.Run(CiState.Failure), o => o.PagerDuty.Add(pagerDuty))).Effect.Payload)!;
        var success = NotifierJson.Read(Assert.Single(Plan(GitHubActionPlannerTests.Run(CiState.Success), o => o.PagerDuty.Add(pagerDuty))).Effect.Payload)!;

        Assert.Equal(failure.DedupKey, success.DedupKey);
        Assert.Equal("relay/acme/webapp/webapp-ci/pr-42", failure.DedupKey);
        Assert.True(failure.RecordsHistory && success.RecordsHistory);
        Assert.Empty(Plan(GitHubActionPlannerTests.Run(CiState.Canceled), o => o.PagerDuty.Add(pagerDuty)));
    }

    [Fact]
    public void A_run_without_scm_notifies_and_is_remembered_by_namespace()
    {
        var run = GitHubActionPlannerTests.Run(CiState.Failure);
        run.Scm = null;

        var command = NotifierJson.Read(Assert.Single(Plan(run, o => o.Slack.Add(Chat("alerts", "failure", "success_after_failure")))).Effect.Payload)!;

        Assert.Null(command.Repository);
        Assert.Equal("slack/alerts|ns:ci|webapp-ci|default", command.HistoryKey);
    }

    [Fact]
    public void Per_task_notifications_are_asked_for_and_keyed_by_task_and_state()
    {
        var notifier = Chat("tasks", "failure");
        notifier.PerTask = true;

        var plan = Plan(GitHubActionPlannerTests.Run(CiState.Failure), o => o.Discord.Add(notifier));

        Assert.Equal(["failure", "test:failure"], plan.Select(p => p.Context).Order(StringComparer.Ordinal));
        var task = NotifierJson.Read(plan.Single(p => p.Context == "test:failure").Effect.Payload)!;
        Assert.Equal(("test", false), (task.Task, task.RecordsHistory));
    }

    [Fact]
    public void When_filter_and_template_route_and_word_the_message()
    {
        var routed = Chat("main-only");
        routed.When = "isPR() && namespace == 'ci'";
        routed.Template = "{{ pipeline }} broke on PR {{ pr_number }}";
        var elsewhere = Chat("prod-only");
        elsewhere.When = "namespace == 'prod'";
        var filtered = Chat("filtered");
        filtered.Filter.Pipelines.Deny.Add("webapp-*");

        var plan = Plan(GitHubActionPlannerTests.Run(CiState.Failure), o => o.GoogleChat.AddRange([routed, elsewhere, filtered]));

        var only = Assert.Single(plan);
        Assert.Equal("google_chat/main-only", only.Action);
        Assert.Equal("webapp-ci broke on PR 42", NotifierJson.Read(only.Effect.Payload)!.Text);
    }

    [Theory]
    [InlineData("failure", null, "slack", true, null)]
    [InlineData("success", "failure", "slack", false, null)]
    [InlineData("success", "failure", "slack", true, "Fixed")]
    [InlineData("success", "error", "slack", true, "Fixed")]
    [InlineData("success", "success", "slack", true, null)]
    [InlineData("success", null, "slack", true, null)]
    [InlineData("failure", "failure", "pagerduty", false, "Trigger")]
    [InlineData("success", "failure", "pagerduty", false, "Resolve")]
    [InlineData("success", "success", "pagerduty", false, null)]
    [InlineData("success", null, "pagerduty", false, null)]
    public void Delivery_decides_fixed_messages_and_resolves_from_the_previous_outcome(
        string state, string? previous, string kind, bool fixedWanted, string? expected)
    {
        var command = new NotificationCommand
        {
            Kind = kind, Notifier = "n", State = state, Notify = state is "failure", NotifyFixed = fixedWanted, RecordsHistory = true,
            RunId = "ci/r#1", HistoryKey = "k", DedupKey = "d", RunKey = "ci/r", Name = "r", Namespace = "ci", Pipeline = "p", RunKind = "pipelinerun",
        };

        var decided = NotifierExecutor<ChatNotifierOptions>.Decide(command, previous);

        Assert.Equal(expected is null ? (command.Notify ? NotificationMessage.Plain : null) : Enum.Parse<NotificationMessage>(expected), decided);
    }

    private static ChatNotifierOptions Chat(string name, params string[] on) => new() { Name = name, WebhookUrlFile = "/x", On = [.. on] };

    private static PlannedEffect[] Plan(PipelineRunGrainState run, Action<NotifiersOptions> configure)
    {
        var services = new ServiceCollection();
        services.Configure(configure);
        services.Configure<DashboardLinkOptions>(o => o.DashboardUrl = "https://tekton.example.com");
        using var provider = services.BuildServiceProvider();
        var planner = new NotifierPlanner(
            provider.GetRequiredService<IOptionsMonitor<NotifiersOptions>>(),
            provider.GetRequiredService<IOptionsMonitor<DashboardLinkOptions>>(),
            new RelayTemplates(),
            NullLogger<NotifierPlanner>.Instance);
        return planner.Plan(run).ToArray();
    }
}
