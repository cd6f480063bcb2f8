using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Octokit;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Relay.Actions;
using Relay.Grains.Actions.GitHub.Auth;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

public sealed class GitHubErrorClassifierTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Open_circuit_is_transient_and_asks_to_wait_for_the_rest_of_the_break()
    {
        var result = GitHubErrorClassifier.Classify(new BrokenCircuitException("open", TimeSpan.FromSeconds(12)), Time);

        Assert.Equal(ActionOutcome.TransientFailure, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(12), result.RetryAfter);
        Assert.False(result.RateLimited);
    }

    [Fact]
    public void Attempt_timeout_is_transient()
    {
        Assert.Equal(ActionOutcome.TransientFailure, GitHubErrorClassifier.Classify(new TimeoutRejectedException("slow"), Time).Outcome);
    }

    [Fact]
    public void Forbidden_with_exhausted_rate_limit_is_transient_until_the_reset()
    {
        var reset = Time.GetUtcNow().AddMinutes(7);
        var exception = Forbidden(new Dictionary<string, string>
        {
            ["X-RateLimit-Remaining"] = "0",
            ["X-RateLimit-Reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        });

        var result = GitHubErrorClassifier.Classify(exception, Time);

        Assert.Equal((ActionOutcome.TransientFailure, true, TimeSpan.FromMinutes(7)), (result.Outcome, result.RateLimited, result.RetryAfter));
        Assert.Equal(reset, GitHubErrorClassifier.BlockedUntil(exception, Time.GetUtcNow()));
    }

    [Fact]
    public void Forbidden_without_rate_limit_signal_is_permanent()
    {
        var exception = Forbidden(new Dictionary<string, string> { ["x-ratelimit-remaining"] = "4000" });

        var result = GitHubErrorClassifier.Classify(exception, Time);

        Assert.Equal(ActionOutcome.PermanentFailure, result.Outcome);
        Assert.Null(GitHubErrorClassifier.BlockedUntil(exception, Time.GetUtcNow()));
    }

    [Fact]
    public void Unusable_credentials_are_permanent()
    {
        var result = GitHubErrorClassifier.Classify(new GitHubCredentialException("auth.private_key_file: bad"), Time);

        Assert.Equal(ActionOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("auth.private_key_file", result.Error, StringComparison.Ordinal);
    }

    private static ForbiddenException Forbidden(Dictionary<string, string> headers) =>
        new(new FakeResponse(HttpStatusCode.Forbidden, headers));

    private sealed record FakeResponse(HttpStatusCode StatusCode, IReadOnlyDictionary<string, string> Headers) : IResponse
    {
        public object Body => "{\"message\":\"forbidden\"}";

        public ApiInfo ApiInfo => null!;

        public string ContentType => "application/json";
    }
}
