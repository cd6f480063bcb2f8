using System.Net;
using Relay.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Relay.Integration.Tests.Cluster;

/// <summary>Redis must not grow without bound: event keys expire after dedupe_ttl, run state is removed after run_ttl.</summary>
public sealed class RedisGrowthTests(RedisAndGitHub environment, ITestOutputHelper output) : IClassFixture<RedisAndGitHub>
{
    private readonly RedisServer _redis = environment.Redis;
    private readonly FakeGitHubServer _github = environment.GitHub;
    private readonly string _tokenFile = environment.TokenFile;

    [Fact]
    public async Task Finished_runs_and_their_event_keys_leave_redis()
    {
        var config = RelayNode.GitHubConfig(_github.BaseUrl, _tokenFile, extra: $$"""
            dedupe_ttl: 2s
            run_ttl: 2s
            cluster:
              clustering: redis
              storage: redis
              redis: { connection_string: "{{_redis.ConnectionString}}" }
              service_id: growth
            """);
        await using var relay = await RelayNode.StartAsync(config);
        var baseline = await _redis.KeyCountAsync();
        var runs = Enumerable.Range(0, 25).Select(i => new TektonRun($"growth-{i:D2}")).ToArray();

        foreach (var run in runs)
        {
            foreach (var tektonEvent in run.SuccessfulLifecycle("build", "test"))
            {
                using var response = await relay.PostAsync(tektonEvent);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }

        await Wait.UntilAsync(() => runs.All(r => _github.StatusesFor(r.Sha).Count == 6), () => "every run's 6 statuses");
        var peak = await _redis.KeyCountAsync();
        await Wait.UntilAsync(
            async () => await _redis.KeyCountAsync() <= baseline + 1,
            () => $"Redis back to its baseline of {baseline} key(s) (+ the reminder table); peak was {peak}",
            TimeSpan.FromSeconds(60));

        output.WriteLine($"Redis keys: {baseline} before, {peak} after 25 runs, {await _redis.KeyCountAsync()} once run_ttl and dedupe_ttl passed");
        Assert.True(peak > baseline + 25, $"the runs should have been stored (peak {peak}, baseline {baseline})");
    }
}
