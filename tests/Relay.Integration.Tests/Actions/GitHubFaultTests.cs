using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Relay.Grains.Runs;
using Relay.Integration.Tests.DeadLetters;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>A Relay node posting one pipeline status per run, with in-process retries and a short outbox.</summary>
public sealed class GitHubFaultFixture : IAsyncLifetime
{
    public FakeGitHubServer GitHub { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    private string _tokenFile = "";

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "ghp_faults");
        Relay = await RelayNode.StartAsync(
            $"""
            scm:
              github:
                - name: github
                  base_url: {GitHub.BaseUrl}
                  auth:
                    token_file: {_tokenFile}
                  resilience:
                    max_retries: 2
                    base_delay: 100ms
                    max_retry_wait: 1s
                    circuit_breaker:
                      minimum_throughput: 100
                  actions:
                    - name: statuses
                      type: commit_status
            """,
            builder => builder.Services.Configure<OutboxOptions>(o =>
            {
                o.InitialBackoff = TimeSpan.FromMilliseconds(100);
                o.MaxBackoff = TimeSpan.FromMilliseconds(200);
                o.MaxAttempts = 2;
            }));
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        await GitHub.DisposeAsync();
        File.Delete(_tokenFile);
    }
}

/// <summary>
/// Each kind of GitHub answer (SPEC §6) ends in the right number of HTTP attempts, never a duplicate, and a dead
/// letter exactly where the failure is for good: Polly retries in process (2 here), the outbox retries the call
/// (2 attempts here), rate limits wait without counting.
/// </summary>
public sealed class GitHubFaultTests(GitHubFaultFixture fixture) : IClassFixture<GitHubFaultFixture>
{
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(422)]
    public async Task A_permanent_answer_is_tried_once_and_dead_lettered(int status)
    {
        var run = NewRun();
        _github.FailNext(1, status, routeContains: run.Sha);

        await PostAsync(run);
        var letter = await DeadLetterOfAsync(run);

        Assert.Single(RequestsFor(run));
        Assert.Empty(_github.StatusesFor(run.Sha));
        Assert.Equal(status, letter.GetProperty("status_code").GetInt32());
        Assert.Equal(1, letter.GetProperty("attempts").GetInt32());
    }

    [Fact]
    public async Task A_burst_of_502_shorter_than_the_retries_is_absorbed_in_one_call()
    {
        var run = NewRun();
        _github.FailNext(2, 502, routeContains: run.Sha);

        await PostAsync(run);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => Describe(run));

        Assert.Equal(3, RequestsFor(run).Count);
        await AssertNoDeadLetterAsync(run);
    }

    [Fact]
    public async Task A_burst_of_502_longer_than_one_call_is_retried_by_the_outbox_and_delivered_once()
    {
        var run = NewRun();
        _github.FailNext(4, 502, routeContains: run.Sha);

        await PostAsync(run);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => Describe(run));

        Assert.Equal(5, RequestsFor(run).Count);
        await AssertNoDeadLetterAsync(run);
    }

    [Fact]
    public async Task Endless_502_exhaust_every_attempt_and_end_in_the_dead_letter_store()
    {
        var run = NewRun();
        _github.FailNext(6, 502, routeContains: run.Sha);

        await PostAsync(run);
        var letter = await DeadLetterOfAsync(run);

        Assert.Equal(6, RequestsFor(run).Count);
        Assert.Equal((502, 2), (letter.GetProperty("status_code").GetInt32(), letter.GetProperty("attempts").GetInt32()));
        Assert.Empty(_github.StatusesFor(run.Sha));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_in_process()
    {
        var run = NewRun();
        _github.FailNext(1, 429, new Dictionary<string, string> { ["Retry-After"] = "1" }, routeContains: run.Sha);

        await PostAsync(run);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => Describe(run));

        var requests = RequestsFor(run);
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.9), $"waited {requests[1].At - requests[0].At}");
        await AssertNoDeadLetterAsync(run);
    }

    [Fact]
    public async Task A_403_rate_limit_longer_than_max_retry_wait_goes_back_to_the_outbox_and_is_delivered_after_the_reset()
    {
        var run = NewRun();
        var reset = DateTimeOffset.UtcNow.AddSeconds(3);
        _github.FailNext(1, 403, new Dictionary<string, string>
        {
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        }, "{\"message\":\"API rate limit exceeded for installation\"}", routeContains: run.Sha);

        await PostAsync(run);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => Describe(run));

        var requests = RequestsFor(run);
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At >= reset.AddSeconds(-1), $"second request at {requests[1].At:O}, reset {reset:O}");
        await AssertNoDeadLetterAsync(run);
    }

    private static TektonRun NewRun() => new("faults-" + Guid.NewGuid().ToString("N")[..8]);

    private List<RecordedRequest> RequestsFor(TektonRun run) => _github.Requests.Where(r => r.Sha == run.Sha).ToList();

    private string Describe(TektonRun run) => $"one status for {run.Sha}; requests: {string.Join(", ", RequestsFor(run).Select(r => r.StatusCode))}";

    private async Task PostAsync(TektonRun run)
    {
        using var response = await _relay.PostAsync(run.PipelineRunEvent("started"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<System.Text.Json.JsonElement> DeadLetterOfAsync(TektonRun run) =>
        Assert.Single(await _relay.WaitForDeadLettersAsync(run, l => l.Length > 0, () => Describe(run)));

    private async Task AssertNoDeadLetterAsync(TektonRun run)
    {
        Assert.Empty(await _relay.DeadLettersOfAsync(run));
    }
}
