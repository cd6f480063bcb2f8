using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Relay.Actions;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>
/// The lean commit-status path (<see cref="GitHubStatusClient"/>) classifies GitHub's error answers as the Octokit path
/// does the exceptions Octokit throws for them (<see cref="GitHubErrorClassifierTests"/>).
/// </summary>
public sealed class GitHubStatusAnswerTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Forbidden_with_an_exhausted_rate_limit_is_a_rate_limit_until_the_reset()
    {
        var reset = Time.GetUtcNow().AddMinutes(7);
        var result = Classify(HttpStatusCode.Forbidden, """{"message":"API rate limit exceeded for installation ID 1."}""",
            ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));

        Assert.Equal((ActionOutcome.TransientFailure, true, TimeSpan.FromMinutes(7), 403), (result.Outcome, result.RateLimited, result.RetryAfter, result.StatusCode));
    }

    [Fact]
    public void A_secondary_rate_limit_without_headers_waits_a_minute()
    {
        var result = Classify(HttpStatusCode.Forbidden, """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""");

        Assert.Equal((ActionOutcome.TransientFailure, true, TimeSpan.FromMinutes(1)), (result.Outcome, result.RateLimited, result.RetryAfter));
    }

    [Fact]
    public void Too_many_requests_with_retry_after_is_a_rate_limit_of_that_length()
    {
        var result = Classify(HttpStatusCode.TooManyRequests, "{}", ("Retry-After", "30"));

        Assert.Equal((ActionOutcome.TransientFailure, true, TimeSpan.FromSeconds(30)), (result.Outcome, result.RateLimited, result.RetryAfter));
    }

    [Fact]
    public void Forbidden_without_a_rate_limit_is_permanent_and_says_what_github_said()
    {
        var result = Classify(HttpStatusCode.Forbidden, """{"message":"Resource not accessible by integration"}""", ("x-ratelimit-remaining", "4000"));

        Assert.Equal((ActionOutcome.PermanentFailure, false, 403), (result.Outcome, result.RateLimited, result.StatusCode));
        Assert.Equal("GitHub answered 403: Resource not accessible by integration", result.Error);
    }

    [Fact]
    public void Unprocessable_is_permanent()
    {
        var result = Classify((HttpStatusCode)422, """{"message":"Validation Failed","errors":[{"field":"description"}]}""");

        Assert.Equal((ActionOutcome.PermanentFailure, "GitHub answered 422: Validation Failed"), (result.Outcome, result.Error));
    }

    [Fact]
    public void A_server_error_is_transient_and_honours_retry_after_but_is_no_rate_limit()
    {
        var result = Classify(HttpStatusCode.BadGateway, "<html>bad gateway</html>", ("Retry-After", "3"));

        Assert.Equal((ActionOutcome.TransientFailure, false, TimeSpan.FromSeconds(3)), (result.Outcome, result.RateLimited, result.RetryAfter));
        Assert.Equal("GitHub answered 502: <html>bad gateway</html>", result.Error);
    }

    private static ActionResult Classify(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return GitHubStatusClient.Classify(response, body, Time.GetUtcNow());
    }
}
