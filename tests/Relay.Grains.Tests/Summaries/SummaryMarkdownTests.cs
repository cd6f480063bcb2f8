using Relay.Grains.Actions.GitHub.Tests;
using Relay.Runs;
using Xunit;

namespace Relay.Grains.Summaries.Tests;

/// <summary>Relay's built-in run summary (SPEC §4), rendered only from what the run grain holds.</summary>
public sealed class SummaryMarkdownTests
{
    [Fact]
    public void A_failed_run_renders_heading_links_reason_and_one_row_per_task()
    {
        var run = GitHubActionPlannerTests.Run(CiState.Failure);
        run.Run!.Message = "Tasks Completed: 2 (Failed: 1)";
        var summary = RunSummary.From(run, "https://tekton.example.com/#/namespaces/ci/pipelineruns/webapp-run-1")!;

        Assert.Equal(
            """
            ### ❌ Pipeline `webapp-ci` failed

            **Run** `ci/webapp-run-1` · **Duration** 5m 0s · [Tekton Dashboard](https://tekton.example.com/#/namespaces/ci/pipelineruns/webapp-run-1)

            > Tasks Completed: 2 (Failed: 1)

            | Task | State | Duration | Reason |
            | --- | --- | --- | --- |
            | build | ✅ success | 2m 0s | Succeeded |
            | test | ❌ failure | 1m 30s | Failed |

            """.ReplaceLineEndings("\n"),
            SummaryMarkdown.Render(summary));
    }

    [Fact]
    public void Running_tasks_have_no_duration_and_pipes_cannot_break_the_table()
    {
        var run = GitHubActionPlannerTests.Run(CiState.Running);
        run.Tasks["test"].Reason = "a|b\nc";

        var markdown = SummaryMarkdown.Render(RunSummary.From(run, null)!);

        Assert.Contains("| test | 🔄 running | — | a\\|b c |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("Tekton Dashboard", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_task_events_so_far_summarise_as_a_running_pipeline()
    {
        var run = GitHubActionPlannerTests.Run(CiState.Running);
        run.Run = null;

        var summary = RunSummary.From(run, null)!;

        Assert.Equal(CiState.Running, summary.State);
        Assert.Equal(2, summary.Tasks.Count);
    }
}
