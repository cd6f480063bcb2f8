using System.Net;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Auth;

/// <summary>A node with a small token bucket per namespace.</summary>
public sealed class RateLimitedRelayFixture : IAsyncLifetime
{
    public RelayNode Relay { get; private set; } = null!;

    public async Task InitializeAsync() => Relay = await RelayNode.StartAsync("""
        server:
          rate_limit:
            enabled: true
            requests_per_second: 1
            burst: 3
        """);

    public Task DisposeAsync() => Relay.DisposeAsync().AsTask();
}

/// <summary><c>server.rate_limit</c>: 429 with <c>Retry-After</c> once a namespace's bucket is empty (SPEC §1).</summary>
public sealed class RateLimitTests(RateLimitedRelayFixture fixture) : IClassFixture<RateLimitedRelayFixture>
{
    private const int Requests = 12;
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task Namespace_over_its_bucket_gets_429_with_retry_after_while_other_namespaces_are_served()
    {
        var noisy = "noisy-" + Guid.NewGuid().ToString("N")[..6];
        var responses = new List<HttpResponseMessage>();
        try
        {
            // 12 requests against a bucket of 3 refilled at 1/s: unless they take over 8 s, some must be refused.
            for (var i = 0; i < Requests; i++)
            {
                responses.Add(await _relay.PostAsync(new TektonRun("rl-" + i, noisy).PipelineRunEvent("running")));
            }

            var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            Assert.NotEmpty(limited);
            Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
            Assert.Equal(HttpStatusCode.OK, responses[0].StatusCode);
            foreach (var response in limited)
            {
                Assert.InRange(response.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
                Assert.Equal("rate_limited", await EventPathTests.OutcomeAsync(response));
            }

            using var other = await _relay.PostAsync(new TektonRun("rl-other", "quiet-" + Guid.NewGuid().ToString("N")[..6]).PipelineRunEvent("running"));
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }
        finally
        {
            responses.ForEach(r => r.Dispose());
        }
    }

    [Fact]
    public async Task Health_and_api_are_not_rate_limited()
    {
        for (var i = 0; i < Requests; i++)
        {
            using var ready = await _relay.Http.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }
}
