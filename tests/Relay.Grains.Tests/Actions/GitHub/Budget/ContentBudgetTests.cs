using Xunit;

namespace Relay.Grains.Actions.GitHub.Budget.Tests;

/// <summary>GitHub's secondary limit as a budget: sliding minute and hour windows, a reserve for settled outcomes.</summary>
public sealed class ContentBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ContentBudgetLimits Limits = new() { PerMinute = 8, PerHour = 20, TerminalReserve = 0.25 };
    private readonly ContentBudget _budget = new();

    [Fact]
    public void Intermediate_states_stop_at_the_reserve_while_settled_outcomes_use_the_whole_minute()
    {
        var intermediate = Enumerable.Range(0, 7).Select(_ => _budget.TryAcquire(terminal: false, Limits, Now)).ToArray();

        Assert.All(intermediate[..6], wait => Assert.Null(wait));
        Assert.Equal(TimeSpan.FromMinutes(1), intermediate[6]);
        Assert.Null(_budget.TryAcquire(terminal: true, Limits, Now));
        Assert.Null(_budget.TryAcquire(terminal: true, Limits, Now));
        Assert.Equal(TimeSpan.FromMinutes(1), _budget.TryAcquire(terminal: true, Limits, Now));
    }

    [Fact]
    public void The_minute_window_slides_and_the_wait_names_when_the_oldest_grant_leaves_it()
    {
        for (var i = 0; i < 8; i++)
        {
            Assert.Null(_budget.TryAcquire(terminal: true, Limits, Now.AddSeconds(i)));
        }

        Assert.Equal(TimeSpan.FromSeconds(55), _budget.TryAcquire(terminal: true, Limits, Now.AddSeconds(5)));
        Assert.Null(_budget.TryAcquire(terminal: true, Limits, Now.AddSeconds(60)));
        Assert.NotNull(_budget.TryAcquire(terminal: true, Limits, Now.AddSeconds(60)));
    }

    [Fact]
    public void The_hour_window_caps_what_the_minutes_would_allow()
    {
        var granted = 0;
        for (var minute = 0; minute < 10; minute++)
        {
            for (var i = 0; i < 8; i++)
            {
                granted += _budget.TryAcquire(terminal: true, Limits, Now.AddMinutes(minute)) is null ? 1 : 0;
            }
        }

        Assert.Equal(20, granted);
        var wait = _budget.TryAcquire(terminal: true, Limits, Now.AddMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(50), wait);
        Assert.Null(_budget.TryAcquire(terminal: true, Limits, Now.AddMinutes(60)));
    }
}
