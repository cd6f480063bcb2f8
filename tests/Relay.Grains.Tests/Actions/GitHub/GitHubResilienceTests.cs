using System.Globalization;
using Relay.Actions;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>SPEC §6: every GitHub call goes through the instance's Polly pipeline; long waits go back to the outbox.</summary>
[Collection(GitHubActionsCollection.Name)]
public sealed class GitHubResilienceTests(GitHubActionsFixture fixture)
{
    private readonly FakeGitHubServer _github = fixture.GitHub;

    [Fact]
    public async Task Burst_of_502_shorter_than_max_retries_is_retried_in_process_and_delivered_by_one_call()
    {
        var sha = RelayEvents.NewSha();
        _github.FailNext(2, 502);

        var result = await fixture.PostAsync(GitHubActionsFixture.Retrying, sha);

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        Assert.Equal(3, _github.Requests.Count(r => r.Sha == sha));
        Assert.Single(_github.StatusesFor(sha));
    }

    [Fact]
    public async Task Burst_of_502_longer_than_max_retries_is_a_transient_failure_after_bounded_attempts()
    {
        var sha = RelayEvents.NewSha();
        _github.FailNext(3, 502);

        var result = await fixture.PostAsync(GitHubActionsFixture.Retrying, sha);

        Assert.Equal(ActionOutcome.TransientFailure, result.Outcome);
        Assert.Equal(502, result.StatusCode);
        Assert.Equal(3, _github.Requests.Count(r => r.Sha == sha));
    }

    [Fact]
    public async Task Too_many_requests_with_short_retry_after_is_retried_in_process_after_the_wait()
    {
        var sha = RelayEvents.NewSha();
        _github.FailNext(1, 429, new Dictionary<string, string> { ["Retry-After"] = "1" });

        var result = await fixture.PostAsync(GitHubActionsFixture.Retrying, sha);

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        var attempts = _github.Requests.Where(r => r.Sha == sha).ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1), $"retried after {(attempts[1].At - attempts[0].At).TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Secondary_rate_limit_longer_than_max_retry_wait_goes_back_to_the_outbox_and_blocks_the_credential()
    {
        var sha = RelayEvents.NewSha();
        _github.FailNext(1, 429, new Dictionary<string, string> { ["Retry-After"] = "60" },
            body: "{\"message\":\"You have exceeded a secondary rate limit.\"}");

        var result = await fixture.PostAsync(GitHubActionsFixture.SecondaryLimited, sha);

        Assert.Equal(ActionOutcome.TransientFailure, result.Outcome);
        Assert.True(result.RateLimited);
        Assert.Equal(TimeSpan.FromSeconds(60), result.RetryAfter);
        Assert.Single(_github.Requests, r => r.Sha == sha);

        // The next call with the same credential is not sent at all.
        var next = await fixture.PostAsync(GitHubActionsFixture.SecondaryLimited, sha);

        Assert.Equal(ActionOutcome.TransientFailure, next.Outcome);
        Assert.True(next.RateLimited);
        Assert.InRange(next.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
        Assert.Single(_github.Requests, r => r.Sha == sha);
    }

    [Fact]
    public async Task Primary_rate_limit_403_is_not_retried_in_process_and_asks_to_wait_until_the_reset()
    {
        var sha = RelayEvents.NewSha();
        var reset = DateTimeOffset.UtcNow.AddMinutes(10);
        _github.FailNext(1, 403, new Dictionary<string, string>
        {
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        }, body: "{\"message\":\"API rate limit exceeded for installation.\"}");

        var result = await fixture.PostAsync(GitHubActionsFixture.PrimaryLimited, sha);

        Assert.Equal(ActionOutcome.TransientFailure, result.Outcome);
        Assert.True(result.RateLimited);
        Assert.Equal(403, result.StatusCode);
        Assert.InRange(result.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.Single(_github.Requests, r => r.Sha == sha);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task Permanent_answers_are_sent_once_and_fail_permanently(int status)
    {
        var sha = RelayEvents.NewSha();
        _github.FailNext(1, status);

        var result = await fixture.PostAsync(GitHubActionsFixture.Retrying, sha);

        Assert.Equal(ActionOutcome.PermanentFailure, result.Outcome);
        Assert.Equal(status, result.StatusCode);
        Assert.False(result.RateLimited);
        Assert.Single(_github.Requests, r => r.Sha == sha);
    }

    [Fact]
    public async Task Circuit_opens_after_repeated_failures_and_short_circuits_without_calling_github()
    {
        _github.FailNext(2, 503);
        var failed = new[] { RelayEvents.NewSha(), RelayEvents.NewSha() };
        foreach (var sha in failed)
        {
            Assert.Equal(ActionOutcome.TransientFailure, (await fixture.PostAsync(GitHubActionsFixture.Breaker, sha)).Outcome);
        }

        var shortCircuited = RelayEvents.NewSha();
        var result = await fixture.PostAsync(GitHubActionsFixture.Breaker, shortCircuited);

        Assert.Equal(ActionOutcome.TransientFailure, result.Outcome);
        Assert.Contains("circuit", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.InRange(result.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(_github.Requests, r => r.Sha == shortCircuited);
    }
}
