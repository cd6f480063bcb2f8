using Relay.Events;
using Relay.Grains.Runs.RunModel;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Runs.RunModel.Tests;

/// <summary>Run identity, idempotence and merge, on plain state: no cluster.</summary>
public sealed class RunAccumulatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_event_key_is_recorded_once()
    {
        var run = new PipelineRunGrainState();
        var running = RelayEvents.PipelineRun("r1", CiState.Running, "aaa") with { RunUid = "uid-1" };

        Assert.Equal(Accumulation.Recorded, RunAccumulator.Accumulate(run, running, Now));
        Assert.Equal(Accumulation.AlreadyRecorded, RunAccumulator.Accumulate(run, running, Now));
        Assert.Equal(("uid-1", CiState.Running), (run.Uid, run.Run!.State));
        Assert.NotNull(run.Incarnation);
    }

    [Fact]
    public void A_new_uid_under_the_same_name_starts_a_new_run_and_keeps_the_old_run_s_undelivered_entries()
    {
        var run = new PipelineRunGrainState();
        RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Success, "old") with { RunUid = "uid-1" }, Now);
        run.Ledger["a|old|ctx"] = new LedgerEntry { Action = "a", Context = "ctx", CiState = CiState.Success, Memo = new() { ResourceId = "7" }, OutboxId = 1 };
        run.Outbox.Add(new OutboxEntry { Id = run.NextOutboxId++, LedgerKey = "a|old|ctx" });
        var incarnation = run.Incarnation;

        var outcome = RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Running, "new") with { RunUid = "uid-2" }, Now);

        Assert.Equal(Accumulation.Restarted, outcome);
        Assert.Equal(("uid-2", CiState.Running, "new"), (run.Uid, run.Run!.State, run.Scm!.CommitSha));
        Assert.NotEqual(incarnation, run.Incarnation);
        Assert.Empty(run.Ledger);
        Assert.Single(run.RecordedEvents);
        var carried = Assert.Single(run.Outbox);
        Assert.Equal("7", carried.CarriedMemo!.ResourceId);
        Assert.Equal(2, run.FirstOutboxId);
        Assert.Equal(["uid-1"], run.RetiredUids);
    }

    [Fact]
    public void A_late_event_of_a_replaced_run_is_ignored()
    {
        var run = new PipelineRunGrainState();
        RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Running, "old") with { RunUid = "uid-1" }, Now);
        RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Running, "new") with { RunUid = "uid-2" }, Now);

        var late = RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Failure, "old") with { RunUid = "uid-1" }, Now);

        Assert.Equal(Accumulation.OfRetiredRun, late);
        Assert.Equal(("uid-2", CiState.Running), (run.Uid, run.Run!.State));
    }

    [Fact]
    public void A_forgotten_run_records_nothing_for_its_late_events_but_a_new_uid_starts_afresh()
    {
        var run = new PipelineRunGrainState();
        RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Success, "aaa") with { RunUid = "uid-1" }, Now);
        RunAccumulator.Forget(run, Now);

        Assert.Equal(Accumulation.OfForgottenRun, RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Success, "aaa") with { RunUid = "uid-1" }, Now));
        Assert.Equal(Accumulation.OfForgottenRun, RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Success, "aaa"), Now));
        Assert.Null(run.Run);

        Assert.Equal(Accumulation.Restarted, RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Running, "bbb") with { RunUid = "uid-2" }, Now));
        Assert.Null(run.ForgottenAt);
        Assert.Equal(CiState.Running, run.Run!.State);
    }

    [Fact]
    public void A_late_running_event_does_not_regress_success()
    {
        var run = new PipelineRunGrainState();
        RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Success, "aaa"), Now);

        Assert.Equal(Accumulation.Recorded, RunAccumulator.Accumulate(run, RelayEvents.PipelineRun("r1", CiState.Running, "aaa"), Now));
        Assert.Equal(CiState.Success, run.Run!.State);
    }
}
