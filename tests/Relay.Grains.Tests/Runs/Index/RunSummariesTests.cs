using Relay.Grains.Runs.RunModel;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Runs.Index.Tests;

/// <summary>What the run grain reports to the run index, and the timeline it keeps, on plain state: no cluster.</summary>
public sealed class RunSummariesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_with_no_event_is_not_listed()
    {
        Assert.Null(RunSummaries.From("ci/r1", new PipelineRunGrainState(), Now));
    }

    [Fact]
    public void The_summary_counts_effects_by_delivery_and_carries_the_scm_target()
    {
        var run = new PipelineRunGrainState();
        RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Running, "abc") with { RunUid = "uid-1" }, Now);
        run.Ledger["a"] = new LedgerEntry { Delivery = Delivery.Delivered };
        run.Ledger["b"] = new LedgerEntry { Delivery = Delivery.Delivered };
        run.Ledger["c"] = new LedgerEntry { Delivery = Delivery.Planned };
        run.Ledger["d"] = new LedgerEntry { Delivery = Delivery.Failed };

        var summary = RunSummaries.From("ci/r1", run, Now.AddSeconds(1))!;

        Assert.Equal((2, 1, 1), (summary.Delivered, summary.Pending, summary.DeadLettered));
        Assert.True(summary.Undelivered);
        Assert.Equal(("ci", "r1", "uid-1", CiState.Running), (summary.Namespace, summary.Name, summary.Uid, summary.State));
        Assert.Equal((run.Scm!.Provider, $"{run.Scm.Owner}/{run.Scm.Repository}", "abc"), (summary.Provider, summary.Repository, summary.Commit));
        Assert.Equal((Now, Now, Now.AddSeconds(1)), (summary.FirstEventAt, summary.LastEventAt, summary.ReportedAt));
        Assert.Null(summary.FinishedAt);
    }

    [Fact]
    public void A_terminal_run_is_finished_when_its_completion_says()
    {
        var run = new PipelineRunGrainState();
        RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Failure, "abc", reason: "Failed") with { CompletionTime = Now.AddMinutes(-1) }, Now);

        var summary = RunSummaries.From("ci/r1", run, Now)!;

        Assert.Equal((CiState.Failure, Now.AddMinutes(-1)), (summary.State, summary.FinishedAt));
        Assert.False(summary.Undelivered);
    }

    [Fact]
    public void Until_the_pipeline_run_reports_a_run_with_task_events_is_running()
    {
        var run = new PipelineRunGrainState();
        RunAccumulator.Accumulate(run, RelayEvents.TaskRun("r1", "build", CiState.Success, "abc"), Now);

        Assert.Equal(CiState.Running, RunSummaries.From("ci/r1", run, Now)!.State);
    }

    [Fact]
    public void A_forgotten_run_is_not_listed_and_its_timeline_is_dropped()
    {
        var run = new PipelineRunGrainState();
        var running = RelayEvents.PipelineRun("r1", CiState.Running, "abc");
        RunAccumulator.Accumulate(run, running, Now);
        RunTimeline.Record(run, running, Now);

        RunAccumulator.Forget(run, Now.AddDays(1));

        Assert.Null(RunSummaries.From("ci/r1", run, Now.AddDays(1)));
        Assert.Empty(run.Timeline);
    }

    [Fact]
    public void The_timeline_keeps_the_first_event_and_the_latest_ones()
    {
        var run = new PipelineRunGrainState();
        for (var i = 0; i < RunTimeline.MaxEvents + 20; i++)
        {
            RunTimeline.Record(run, RelayEvents.PipelineRun("r1", CiState.Running, "abc"), Now.AddSeconds(i));
        }

        Assert.Equal(RunTimeline.MaxEvents, run.Timeline.Count);
        Assert.Equal(Now, run.Timeline[0].ReceivedAt);
        Assert.Equal(Now.AddSeconds(RunTimeline.MaxEvents + 19), run.Timeline[^1].ReceivedAt);
        Assert.Equal(Now.AddSeconds(21), run.Timeline[1].ReceivedAt);
    }

    [Fact]
    public void A_new_uid_starts_the_timeline_afresh()
    {
        var run = new PipelineRunGrainState();
        var first = RelayEvents.PipelineRun("r1", CiState.Running, "abc") with { RunUid = "uid-1" };
        RunAccumulator.Accumulate(run, first, Now);
        RunTimeline.Record(run, first, Now);
        var second = RelayEvents.PipelineRun("r1", CiState.Running, "def") with { RunUid = "uid-2" };

        RunAccumulator.Accumulate(run, second, Now.AddMinutes(1));

        Assert.Empty(run.Timeline);
    }
}
