using Xunit;

namespace Relay.Receiver.Intake.Tests;

public sealed class IntakeOutcomeTests
{
    [Theory]
    [InlineData(IntakeOutcome.Accepted, 200)]
    [InlineData(IntakeOutcome.Duplicate, 200)]
    [InlineData(IntakeOutcome.Filtered, 200)]
    [InlineData(IntakeOutcome.Unsupported, 200)]
    [InlineData(IntakeOutcome.Invalid, 400)]
    [InlineData(IntakeOutcome.Unauthorized, 401)]
    [InlineData(IntakeOutcome.TooLarge, 413)]
    [InlineData(IntakeOutcome.RateLimited, 429)]
    [InlineData(IntakeOutcome.Unavailable, 503)]
    public void Each_outcome_has_the_status_code_of_the_spec(IntakeOutcome outcome, int status)
    {
        Assert.Equal(status, outcome.StatusCode());
    }

    [Fact]
    public void No_outcome_maps_to_500()
    {
        Assert.All(Enum.GetValues<IntakeOutcome>(), o => Assert.NotEqual(500, o.StatusCode()));
    }
}
