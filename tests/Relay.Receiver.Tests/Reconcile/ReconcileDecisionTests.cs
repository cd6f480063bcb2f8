using Relay.Runs;
using Xunit;

namespace Relay.Receiver.Reconcile.Tests;

public sealed class ReconcileDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan After = TimeSpan.FromMinutes(10);

    [Fact]
    public void Terminal_state_relay_missed_is_fed_once_after_has_passed()
    {
        Assert.True(ReconcileDecision.ShouldFeed(CiState.Running, CiState.Success, Now - After, Now, After));
    }

    [Fact]
    public void Terminal_state_younger_than_after_is_left_to_its_events()
    {
        Assert.False(ReconcileDecision.ShouldFeed(CiState.Running, CiState.Success, Now - After + TimeSpan.FromSeconds(1), Now, After));
    }

    [Fact]
    public void Run_relay_never_saw_is_fed_after_after()
    {
        Assert.True(ReconcileDecision.ShouldFeed(null, CiState.Running, Now - TimeSpan.FromHours(1), Now, After));
        Assert.False(ReconcileDecision.ShouldFeed(null, CiState.Running, Now, Now, After));
    }

    [Theory]
    [InlineData(CiState.Success, CiState.Failure)]
    [InlineData(CiState.Failure, CiState.Failure)]
    [InlineData(CiState.Running, CiState.Running)]
    [InlineData(CiState.Running, CiState.Pending)]
    [InlineData(CiState.Canceled, CiState.Running)]
    public void State_relay_holds_or_has_passed_is_not_fed(CiState held, CiState api)
    {
        Assert.False(ReconcileDecision.ShouldFeed(held, api, Now - TimeSpan.FromHours(1), Now, After));
    }

    [Fact]
    public void Object_without_any_time_is_not_fed()
    {
        Assert.False(ReconcileDecision.ShouldFeed(null, CiState.Success, lastChange: null, Now, After));
    }

    [Fact]
    public void Last_change_is_the_transition_else_the_creation()
    {
        Assert.Equal(Now, ReconcileDecision.LastChange(Now, Now.AddDays(-1)));
        Assert.Equal(Now.AddDays(-1), ReconcileDecision.LastChange(null, Now.AddDays(-1)));
    }
}
