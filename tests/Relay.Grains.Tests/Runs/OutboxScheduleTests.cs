using Relay.Grains.Runs.RunModel;
using Xunit;

namespace Relay.Grains.Runs.Tests;

public sealed class OutboxScheduleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Empty_outbox_has_nothing_due()
    {
        Assert.Null(OutboxSchedule.NextDueIn([], Now));
        Assert.Null(OutboxSchedule.NextDeliverable([], Now));
    }

    [Fact]
    public void Oldest_due_entry_goes_first()
    {
        OutboxEntry[] outbox = [Entry(1, "a"), Entry(2, "b")];

        Assert.Equal(1, OutboxSchedule.NextDeliverable(outbox, Now)!.Id);
        Assert.Equal(TimeSpan.Zero, OutboxSchedule.NextDueIn(outbox, Now));
    }

    [Fact]
    public void Entry_waits_behind_an_older_one_of_the_same_context_even_when_due()
    {
        OutboxEntry[] outbox = [Entry(1, "ctx", Now.AddSeconds(5)), Entry(2, "ctx")];

        Assert.Null(OutboxSchedule.NextDeliverable(outbox, Now));
        // The newer entry must not make the timer fire now: that would spin until the backoff ends.
        Assert.Equal(TimeSpan.FromSeconds(5), OutboxSchedule.NextDueIn(outbox, Now));
    }

    [Fact]
    public void Other_contexts_are_not_held_up_by_a_backing_off_one()
    {
        OutboxEntry[] outbox = [Entry(1, "slow", Now.AddSeconds(30)), Entry(2, "fast")];

        Assert.Equal(2, OutboxSchedule.NextDeliverable(outbox, Now)!.Id);
    }

    [Fact]
    public void Next_due_is_the_earliest_backoff_among_contexts()
    {
        OutboxEntry[] outbox = [Entry(1, "a", Now.AddSeconds(30)), Entry(2, "b", Now.AddSeconds(3))];

        Assert.Equal(TimeSpan.FromSeconds(3), OutboxSchedule.NextDueIn(outbox, Now));
    }

    private static OutboxEntry Entry(long id, string key, DateTimeOffset? next = null) =>
        new() { Id = id, LedgerKey = key, NextAttemptAt = next, EnqueuedAt = Now };
}
