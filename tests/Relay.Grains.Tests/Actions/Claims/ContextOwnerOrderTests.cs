using Relay.Actions;
using Xunit;

namespace Relay.Grains.Actions.Claims.Tests;

/// <summary>Which of two runs owns a commit and context: the later created, then the greater name, then uid.</summary>
public sealed class ContextOwnerOrderTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly ContextOwnerState Owner = new() { RunKey = "ci/run-b", Run = "ci/run-b", Uid = "u-b", CreatedAt = Created };

    [Theory]
    [InlineData(1, "ci/run-a", "u-a", true)]
    [InlineData(-1, "ci/run-z", "u-z", false)]
    [InlineData(0, "ci/run-c", "u-a", true)]
    [InlineData(0, "ci/run-a", "u-z", false)]
    [InlineData(0, "ci/run-b", "u-c", true)]
    [InlineData(0, "ci/run-b", "u-a", false)]
    public void The_later_created_run_wins_then_the_greater_name_then_the_greater_uid(int seconds, string run, string uid, bool newer)
    {
        var claim = new ContextClaim { Scope = "s", RunKey = run, Run = run, Uid = uid, CreatedAt = Created.AddSeconds(seconds) };

        Assert.Equal(newer, ContextOwnerGrain.IsNewer(claim, Owner));
    }
}
