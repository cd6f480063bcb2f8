using Relay.Actions;
using Relay.DeadLetters;
using Relay.Grains.Actions;
using Relay.Runs;
using Xunit;

namespace Relay.Grains.Runs.RunModel.Tests;

/// <summary>The ledger and outbox rules (Runs/README.md 4–7) on plain state: plan, next, settle, dead letter, replay.</summary>
public sealed class RunOutboxTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly EffectTrigger Trigger = new("src|type|id", "type", null);
    private readonly PipelineRunGrainState _run = new() { Incarnation = "inc-1" };
    private readonly RunOutbox _outbox;

    public RunOutboxTests() => _outbox = new RunOutbox(_run, new RetryPolicy(new OutboxOptions { MaxAttempts = 3 }, () => 0.5));

    [Fact]
    public void A_planned_effect_is_queued_once_and_the_same_state_again_adds_nothing()
    {
        Assert.Equal(1, _outbox.Enqueue([Status("pending")], Trigger, Now));
        Assert.Equal(0, _outbox.Enqueue([Status("pending")], Trigger, Now));

        var row = _run.Ledger["gh/checks|sha1|tekton/ci"];
        Assert.Equal(("pending", Delivery.Planned, "github", "sha1"), (row.State, row.Delivery, row.Provider, row.Commit));
    }

    [Fact]
    public void An_entry_is_not_delivered_before_a_write_holds_it()
    {
        _outbox.Enqueue([Status("pending")], Trigger, Now);
        Assert.Null(_outbox.Next(Now));

        var held = _outbox.BeginWrite();
        Assert.Null(_outbox.Next(Now));
        _outbox.Written(held);

        Assert.NotNull(_outbox.Next(Now));
    }

    [Fact]
    public void A_success_removes_the_entry_and_marks_the_row_delivered_with_its_memo()
    {
        var entry = Durable(Status("pending"));

        _outbox.BeginAttempt(entry, Now);
        var settled = _outbox.Settle(entry, ActionResult.Success(201, new EffectMemo { ResourceId = "99" }), Now, "ci/r1");

        Assert.Equal(SettlementKind.Delivered, settled.Kind);
        Assert.Empty(_run.Outbox);
        var row = _run.Ledger["gh/checks|sha1|tekton/ci"];
        Assert.Equal((Delivery.Delivered, "99"), (row.Delivery, row.Memo!.ResourceId));
        Assert.Equal("99", _outbox.MemoFor(new OutboxEntry { Id = 2, LedgerKey = "gh/checks|sha1|tekton/ci" })!.ResourceId);
    }

    [Fact]
    public void Transient_failures_back_off_then_become_a_dead_letter_with_an_id_of_this_incarnation()
    {
        var entry = Durable(Status("pending"));
        var failed = new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = "502" };

        var first = _outbox.Settle(entry, failed, Now, "ci/r1");
        var second = _outbox.Settle(entry, failed, Now, "ci/r1");
        var third = _outbox.Settle(entry, failed, Now, "ci/r1");

        Assert.Equal((SettlementKind.Retry, SettlementKind.Retry, SettlementKind.DeadLetter), (first.Kind, second.Kind, third.Kind));
        Assert.Equal(TimeSpan.FromSeconds(0.75), first.Wait);
        var letter = third.Letter!;
        Assert.Equal((3, "inc-1", "github", "502"), (letter.Attempts, letter.Incarnation, letter.Provider, letter.Cause));
        Assert.Equal(RunOutbox.DeadLetterId("ci/r1", "inc-1", entry.Id), letter.Id);
        Assert.NotEqual(RunOutbox.DeadLetterId("ci/r1", "inc-2", entry.Id), letter.Id);

        _outbox.DeadLettered(entry, letter);
        Assert.Empty(_run.Outbox);
        Assert.Equal((Delivery.Failed, letter.Id), (_run.Ledger["gh/checks|sha1|tekton/ci"].Delivery, _run.Ledger["gh/checks|sha1|tekton/ci"].DeadLetterId));
    }

    [Fact]
    public void A_rate_limit_wait_is_not_an_attempt()
    {
        var entry = Durable(Status("pending"));

        var settled = _outbox.Settle(entry, new ActionResult { Outcome = ActionOutcome.TransientFailure, RateLimited = true, RetryAfter = TimeSpan.FromMinutes(5) }, Now, "ci/r1");

        Assert.Equal((SettlementKind.Retry, 0, 1), (settled.Kind, entry.Attempts, entry.RateLimitWaits));
        Assert.Equal(Now.AddMinutes(5), entry.NextAttemptAt);
    }

    [Fact]
    public void A_newer_decision_queues_behind_the_entry_in_flight_and_an_edit_in_place_replaces_a_queued_one()
    {
        var first = Durable(Status("pending", editsInPlace: true));
        _outbox.BeginAttempt(first, Now);

        _outbox.Enqueue([Status("running", editsInPlace: true)], Trigger, Now);
        _outbox.Enqueue([Status("success", editsInPlace: true)], Trigger, Now);

        Assert.Equal(2, _run.Outbox.Count);
        Assert.Contains("success", _run.Outbox[1].Effect!.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queued_state_due_now_is_still_posted_before_the_newer_state_of_its_context()
    {
        Durable(Status("pending"));

        _outbox.Enqueue([Status("success")], Trigger, Now);

        Assert.Equal(["pending", "success"], _run.Outbox.Select(e => e.Effect!.Summary));
        Assert.Equal(0, _outbox.Superseded);
    }

    [Fact]
    public void A_state_held_back_by_a_rate_limit_or_budget_is_replaced_unsent_by_the_newer_state_which_goes_at_once()
    {
        var pending = Durable(Status("pending"));
        _outbox.BeginAttempt(pending, Now);
        _outbox.Settle(pending, new ActionResult { Outcome = ActionOutcome.TransientFailure, RateLimited = true, RetryAfter = TimeSpan.FromMinutes(1) }, Now, "ci/r1");

        _outbox.Enqueue([Status("success")], Trigger, Now);
        _outbox.Written(_outbox.BeginWrite());

        var only = Assert.Single(_run.Outbox);
        Assert.Equal(("success", 1), (only.Effect!.Summary, _outbox.Superseded));
        Assert.Same(only, _outbox.Next(Now));
        Assert.Equal(("success", only.Id), (_run.Ledger["gh/checks|sha1|tekton/ci"].State, _run.Ledger["gh/checks|sha1|tekton/ci"].OutboxId));
    }

    [Fact]
    public void A_superseded_result_settles_the_row_as_done_and_says_by_which_run()
    {
        var entry = Durable(Status("failure"));

        _outbox.BeginAttempt(entry, Now);
        var settled = _outbox.Settle(entry, ActionResult.Success() with { SupersededBy = "ci/r2" }, Now, "ci/r1");

        Assert.Equal(SettlementKind.Delivered, settled.Kind);
        Assert.Equal((Delivery.Delivered, "ci/r2"), (_run.Ledger["gh/checks|sha1|tekton/ci"].Delivery, _run.Ledger["gh/checks|sha1|tekton/ci"].SupersededBy));
    }

    [Fact]
    public void Replay_respects_the_ledger()
    {
        var entry = Durable(Status("failure"));
        var letter = _outbox.Settle(entry, new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = "401" }, Now, "ci/r1").Letter!;
        _outbox.DeadLettered(entry, letter);

        Assert.Equal(ReplayOutcome.Enqueued, _outbox.Replay(letter, Trigger, Now, out var changed));
        Assert.True(changed);
        Assert.Equal(ReplayOutcome.Enqueued, _outbox.Replay(letter, Trigger, Now, out _));
        Assert.Single(_run.Outbox);

        var replayed = _run.Outbox[0];
        _outbox.Written(_outbox.BeginWrite());
        _outbox.Settle(replayed, ActionResult.Success(201), Now, "ci/r1");
        Assert.Equal([letter.Id], _run.LetterRemovals);
        Assert.Equal(ReplayOutcome.AlreadyDelivered, _outbox.Replay(letter, Trigger, Now, out _));
    }

    [Fact]
    public void A_letter_of_an_earlier_incarnation_never_matches_this_run_s_row()
    {
        var entry = Durable(Status("failure"));
        var old = _outbox.Settle(entry, new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = "401" }, Now, "ci/r1").Letter!
            with { Incarnation = "inc-0" };
        _outbox.DeadLettered(entry, old with { Incarnation = "inc-1" });

        Assert.Equal(ReplayOutcome.Superseded, _outbox.Replay(old, Trigger, Now, out var changed));
        Assert.False(changed);
    }

    private OutboxEntry Durable(PlannedEffect effect)
    {
        _outbox.Enqueue([effect], Trigger, Now);
        _outbox.Written(_outbox.BeginWrite());
        return _run.Outbox[^1];
    }

    [Fact]
    public void A_state_queued_longer_than_behind_after_is_replaced_unsent_by_the_newer_state()
    {
        Durable(Status("pending"));

        _outbox.Enqueue([Status("success")], Trigger, Now + new OutboxOptions().BehindAfter);

        var only = Assert.Single(_run.Outbox);
        Assert.Equal(("success", 1), (only.Effect!.Summary, _outbox.Superseded));
    }

    [Fact]
    public void A_state_queued_behind_its_row_s_attempt_in_flight_longer_than_behind_after_is_replaced_and_the_attempt_is_kept()
    {
        var sending = Durable(Status("pending"));
        _outbox.BeginAttempt(sending, Now);
        _outbox.Enqueue([Status("running")], Trigger, Now);

        _outbox.Enqueue([Status("success")], Trigger, Now + new OutboxOptions().BehindAfter);

        Assert.Equal(["pending", "success"], _run.Outbox.Select(e => e.Effect!.Summary));
        Assert.Equal(1, _outbox.Superseded);
    }

    [Fact]
    public void A_batch_takes_the_oldest_due_entry_of_each_row_skips_rows_in_flight_and_stops_at_its_size()
    {
        _outbox.Enqueue([Status("pending", context: "a"), Status("pending", context: "b"), Status("pending", context: "c")], Trigger, Now);
        _outbox.Enqueue([Status("success", context: "a")], Trigger, Now);
        _outbox.Written(_outbox.BeginWrite());

        var batch = _outbox.NextBatch(Now, max: 8);
        Assert.Equal(["a:pending", "b:pending", "c:pending"], batch.Select(e => $"{e.LedgerKey[^1..]}:{e.Effect!.Summary}"));

        _outbox.BeginAttempt(batch[0], Now);
        _outbox.BeginAttempt(batch[1], Now);
        // a and b are in flight: a's success waits behind its pending, c goes alone.
        Assert.Equal(["c:pending"], _outbox.NextBatch(Now, max: 8).Select(e => $"{e.LedgerKey[^1..]}:{e.Effect!.Summary}"));

        _outbox.Settle(batch[0], ActionResult.Success(201), Now, "ci/r1");
        Assert.Equal(["c:pending", "a:success"], _outbox.NextBatch(Now, max: 8).Select(e => $"{e.LedgerKey[^1..]}:{e.Effect!.Summary}"));
        Assert.Single(_outbox.NextBatch(Now, max: 1));
    }

    private static PlannedEffect Status(string state, bool editsInPlace = false, string context = "tekton/ci") => new()
    {
        Action = "gh/checks",
        Commit = "sha1",
        Context = context,
        CiState = state switch { "success" => CiState.Success, "failure" => CiState.Failure, "running" => CiState.Running, _ => CiState.Pending },
        State = state,
        EditsInPlace = editsInPlace,
        Envelope = () => new Effect { Provider = "github", Instance = "gh", Type = "commit_status", Payload = $$"""{"state":"{{state}}"}""", Summary = state },
    };
}
