using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>What each action type plans from a run's state (SPEC §4–5), before the ledger and the outbox.</summary>
public sealed class GitHubActionPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CiState.Pending, "queued", null)]
    [InlineData(CiState.Running, "in_progress", null)]
    [InlineData(CiState.Success, "completed", "success")]
    [InlineData(CiState.Failure, "completed", "failure")]
    [InlineData(CiState.Error, "completed", "failure")]
    [InlineData(CiState.Canceled, "completed", "cancelled")]
    public void Check_run_status_and_conclusion_follow_the_pipeline(CiState state, string status, string? conclusion)
    {
        var planned = Assert.Single(Plan(Run(state), new GitHubActionOptions { Name = "checks", Type = "check_run" }));

        Assert.Equal((status, conclusion), (planned.Command.State, planned.Command.Conclusion));
        Assert.Equal("check:tekton/webapp-ci", planned.Context);
        Assert.Equal("ci/webapp-run-1", planned.Command.ExternalId);
        Assert.True(planned.EditsInPlace);
    }

    [Fact]
    public void Check_run_output_is_the_summary_with_a_row_per_task()
    {
        var planned = Assert.Single(Plan(Run(CiState.Failure), new GitHubActionOptions { Name = "checks", Type = "check_run" }));

        Assert.Equal("webapp-ci failed", planned.Command.Title);
        Assert.Contains("| build | ✅ success | 2m 0s | Succeeded |", planned.Command.Body, StringComparison.Ordinal);
        Assert.Contains("| test | ❌ failure | 1m 30s | Failed |", planned.Command.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Upsert_comment_is_one_ledger_row_per_run_with_a_hidden_marker()
    {
        var running = Assert.Single(Plan(Run(CiState.Running), new GitHubActionOptions { Name = "summary", Type = "pr_comment" }));
        var done = Assert.Single(Plan(Run(CiState.Success), new GitHubActionOptions { Name = "summary", Type = "pr_comment" }));

        Assert.Equal(running.Key, done.Key);
        Assert.NotEqual(running.ContentHash, done.ContentHash);
        Assert.StartsWith("<!-- relay:github/summary:ci/webapp-run-1 -->\n", done.Command.Body, StringComparison.Ordinal);
        Assert.Equal((42L, true), (done.Command.Number, done.Command.Upsert));
    }

    [Fact]
    public void Create_mode_comments_post_once_per_state_and_by_default_only_when_the_run_finished()
    {
        var action = new GitHubActionOptions { Name = "verdict", Type = "pr_comment", Mode = "create" };

        Assert.Empty(Plan(Run(CiState.Running), action));
        var done = Assert.Single(Plan(Run(CiState.Success), action));
        Assert.True(done.Once);
        Assert.False(done.Command.Upsert);
        Assert.Equal("#42:success", done.Context);
        // Marked per state, so a create that may have reached GitHub without an answer is found, not repeated.
        Assert.StartsWith("<!-- relay:github/verdict:ci/webapp-run-1:success -->\n", done.Command.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_labels_need_a_pull_request_or_issue_number()
    {
        var run = Run(CiState.Success);
        run.Scm = run.Scm! with { PullRequest = null };

        Assert.Empty(Plan(run, new GitHubActionOptions { Name = "summary", Type = "pr_comment" }));
        Assert.Empty(Plan(run, new GitHubActionOptions { Name = "labels", Type = "label", Add = ["ci/{{ state }}"] }));
        Assert.Single(Plan(run, new GitHubActionOptions { Name = "note", Type = "commit_comment" }));
    }

    [Fact]
    public void Label_names_are_rendered_and_explicit_removals_never_undo_an_addition()
    {
        var planned = Assert.Single(Plan(Run(CiState.Success), new GitHubActionOptions
        {
            Name = "labels",
            Type = "label",
            Add = ["ci/{{ state }}", "pipeline:{{ pipeline }}"],
            Remove = ["ci/running", "ci/success", "  "],
        }));

        Assert.Equal(["ci/success", "pipeline:webapp-ci"], planned.Command.AddLabels);
        Assert.Equal(["ci/running"], planned.Command.RemoveLabels);
        Assert.Equal("labels:#42", planned.Context);
    }

    [Fact]
    public void Fixed_labels_are_the_same_effect_in_every_state()
    {
        var action = new GitHubActionOptions { Name = "labels", Type = "label", Add = ["ci"] };

        var running = Assert.Single(Plan(Run(CiState.Running), action));
        var done = Assert.Single(Plan(Run(CiState.Success), action));

        Assert.False(Relay.Grains.Runs.RunModel.EffectLedger.IsNew(
            new LedgerEntry { CiState = running.CiState, State = running.State, Description = running.Description, ContentHash = running.ContentHash },
            done));
    }

    [Fact]
    public void Deployment_status_maps_states_and_renders_the_environment()
    {
        var action = new GitHubActionOptions { Name = "deploy", Type = "deployment_status", Environment = "pr-{{ pr_number }}" };

        Assert.Equal("queued", Assert.Single(Plan(Run(CiState.Pending), action)).Command.State);
        Assert.Equal("in_progress", Assert.Single(Plan(Run(CiState.Running), action)).Command.State);
        var done = Assert.Single(Plan(Run(CiState.Canceled), action));
        Assert.Equal(("error", "pr-42", "deployment:pr-42"), (done.Command.State, done.Command.Environment, done.Context));
    }

    [Fact]
    public void When_expressions_gate_each_effect_and_per_task_statuses_see_the_task()
    {
        var action = new GitHubActionOptions
        {
            Name = "statuses",
            Type = "commit_status",
            ContextPerTask = true,
            When = "isTaskRun() && task != 'build' || isPipelineRun() && stateIn('failure')",
        };

        var planned = Plan(Run(CiState.Failure), action).Select(p => p.Context).ToArray();

        Assert.Equal(["tekton/webapp-ci", "tekton/webapp-ci/test"], planned);
    }

    [Fact]
    public void Filters_drop_pipelines_and_leave_denied_tasks_out_of_statuses_and_summaries()
    {
        var statuses = new GitHubActionOptions { Name = "statuses", Type = "commit_status", ContextPerTask = true };
        statuses.Filter.Tasks.Deny.Add("te*");
        var checks = new GitHubActionOptions { Name = "checks", Type = "check_run" };
        checks.Filter.Tasks.Allow.Add("build");
        var other = new GitHubActionOptions { Name = "other", Type = "check_run" };
        other.Filter.Pipelines.Allow.Add("release-*");

        var planned = Plan(Run(CiState.Failure), statuses, checks, other);

        Assert.Equal(["tekton/webapp-ci", "tekton/webapp-ci/build", "check:tekton/webapp-ci"], planned.Select(p => p.Context));
        Assert.DoesNotContain("| test |", planned[^1].Command.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_that_fails_to_render_falls_back_to_the_default_summary()
    {
        var planned = Assert.Single(Plan(Run(CiState.Success), new GitHubActionOptions
        {
            Name = "checks",
            Type = "check_run",
            Template = "{% for i in (1..1000) %}{% for j in (1..1000) %}x{% endfor %}{% endfor %}",
        }));

        Assert.StartsWith("### ✅ Pipeline `webapp-ci` succeeded", planned.Command.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_without_a_configured_instance_plan_nothing()
    {
        var run = Run(CiState.Success);
        run.Scm = run.Scm! with { Provider = "gitlab" };

        Assert.Empty(Plan(run, new GitHubActionOptions { Name = "checks", Type = "check_run" }));
    }

    internal static PipelineRunGrainState Run(CiState state) => new()
    {
        Namespace = "ci",
        RunName = "webapp-run-1",
        Kind = RunKind.PipelineRun,
        PipelineName = "webapp-ci",
        Scm = new ScmTarget { Provider = "github", Owner = "acme", Repository = "webapp", CommitSha = "abc1234def", PullRequest = 42 },
        Run = new ResourceRecord
        {
            Name = "webapp-run-1",
            ResourceName = "webapp-run-1",
            Kind = RunKind.PipelineRun,
            State = state,
            Reason = state == CiState.Failure ? "Failed" : null,
            StartTime = T0,
            CompletionTime = state.IsTerminal() ? T0.AddMinutes(5) : null,
        },
        Tasks =
        {
            ["build"] = new ResourceRecord { Name = "build", ResourceName = "webapp-run-1-build", Kind = RunKind.TaskRun, State = CiState.Success, Reason = "Succeeded", StartTime = T0, CompletionTime = T0.AddMinutes(2) },
            ["test"] = new ResourceRecord
            {
                Name = "test", ResourceName = "webapp-run-1-test", Kind = RunKind.TaskRun,
                State = state.IsTerminal() ? (state == CiState.Success ? CiState.Success : CiState.Failure) : CiState.Running,
                Reason = state.IsTerminal() ? (state == CiState.Success ? "Succeeded" : "Failed") : "Running",
                StartTime = T0.AddMinutes(2),
                CompletionTime = state.IsTerminal() ? T0.AddMinutes(3.5) : null,
            },
        },
    };

    internal static IReadOnlyList<PlannedEffect> Plan(PipelineRunGrainState run, params GitHubActionOptions[] actions)
    {
        var services = new ServiceCollection();
        services.Configure<GitHubOptions>(o => o.GitHub.Add(new GitHubInstanceOptions { Name = "github", Actions = [.. actions] }));
        services.Configure<DashboardLinkOptions>(o => o.DashboardUrl = "https://tekton.example.com");
        using var provider = services.BuildServiceProvider();
        var planner = new GitHubActionPlanner(
            provider.GetRequiredService<IOptionsMonitor<GitHubOptions>>(),
            provider.GetRequiredService<IOptionsMonitor<DashboardLinkOptions>>(),
            new RelayTemplates(),
            NullLogger<GitHubActionPlanner>.Instance);
        return planner.Plan(run).ToArray();
    }
}

/// <summary>Reads a planned GitHub effect's payload back, so tests assert on the command the executor will send.</summary>
internal static class PlannedGitHubEffects
{
    extension(PlannedEffect planned)
    {
        public GitHubCommand Command => GitHubJson.ReadCommand(planned.Effect.Payload)!;
    }
}
