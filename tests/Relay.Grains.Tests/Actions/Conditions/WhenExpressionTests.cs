using Xunit;

namespace Relay.Grains.Actions.Conditions.Tests;

/// <summary>The <c>when</c> subset of CEL (SPEC §5): what it accepts, what it means, and how it says no.</summary>
public sealed class WhenExpressionTests
{
    private static readonly WhenContext FailedPrTask = new()
    {
        State = "failure",
        Kind = "taskrun",
        Namespace = "ci",
        Pipeline = "webapp-ci",
        Name = "webapp-run-1",
        Task = "unit-test",
        Reason = "Failed",
        Repository = "acme/webapp",
        IsPullRequest = true,
    };

    [Theory]
    [InlineData("isTaskRun()", true)]
    [InlineData("isPipelineRun()", false)]
    [InlineData("isPR()", true)]
    [InlineData("!isPR()", false)]
    [InlineData("stateIn('success', 'failure')", true)]
    [InlineData("stateIn(\"success\")", false)]
    [InlineData("state == 'failure' && namespace != 'prod'", true)]
    [InlineData("state in ['success', 'failure']", true)]
    [InlineData("reason in ['Succeeded']", false)]
    [InlineData("isPipelineRun() || task == 'unit-test'", true)]
    [InlineData("!(isPipelineRun() || task == 'unit-test')", false)]
    [InlineData("pipeline.startsWith('webapp') && repository.endsWith('/webapp') && name.contains('run')", true)]
    [InlineData("true && !false", true)]
    [InlineData("isPR() && stateIn('success')", false)]
    public void Expressions_evaluate_over_the_resource(string source, bool expected)
    {
        Assert.Equal(expected, WhenExpression.Parse(source).Evaluate(FailedPrTask));
    }

    [Theory]
    [InlineData("", "the expression ends too early at position 1")]
    [InlineData("state ==", "the expression ends too early")]
    [InlineData("stateIn()", "stateIn() takes one or more quoted states")]
    [InlineData("isPR('x')", "isPR() takes no arguments")]
    [InlineData("branch == 'main'", "unknown name 'branch'")]
    [InlineData("state == 'success' &&& true", "unexpected '&'")]
    [InlineData("state == 'success", "unterminated string")]
    [InlineData("state in 'success'", "'in' needs a list")]
    [InlineData("name.matches('x')", "unknown method 'matches'")]
    [InlineData("(isPR()", "expected ')'")]
    [InlineData("['a']", "is a list, not a condition")]
    public void Bad_expressions_are_refused_with_the_reason_and_where(string source, string message)
    {
        var error = Assert.Throws<FormatException>(() => WhenExpression.Parse(source));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
