using System.Globalization;
using Relay.Actions;
using Relay.Grains.Tests;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>A rate limit one silo observes holds for every silo of the cluster (one grain per credential).</summary>
[Collection(ClusterCollection.Name)]
public sealed class GitHubRateLimitClusterTests(RelayClusterFixture fixture)
{
    [Fact]
    public async Task Rate_limit_seen_by_one_silo_stops_calls_from_the_other_silo()
    {
        // Its own fake (so its own API root, so its own rate-limit key): the shared one stays usable by other tests.
        await using var github = await FakeGitHubServer.StartAsync();
        var reset = DateTimeOffset.UtcNow.AddMinutes(2);
        github.FailNext(1, 403, new Dictionary<string, string>
        {
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        }, body: "{\"message\":\"API rate limit exceeded\"}");
        var first = fixture.GrainFactoryOf(fixture.Cluster.Silos[0]).GetGrain<IEffectExecutorGrain>(0);
        var second = fixture.GrainFactoryOf(fixture.Cluster.Silos[1]).GetGrain<IEffectExecutorGrain>(0);

        var observed = await first.ExecuteAsync(Command(github, RelayEvents.NewSha()).AsDelivery());
        Assert.True(observed.RateLimited);
        Assert.Single(github.Requests);

        var deferred = await second.ExecuteAsync(Command(github, RelayEvents.NewSha()).AsDelivery());

        Assert.Equal(ActionOutcome.TransientFailure, deferred.Outcome);
        Assert.True(deferred.RateLimited);
        Assert.InRange(deferred.RetryAfter ?? TimeSpan.Zero, reset - DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5), reset - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        Assert.Single(github.Requests);
    }

    private static GitHubCommand Command(FakeGitHubServer github, string sha) => new()
    {
        Instance = "github",
        Type = GitHubActionTypes.CommitStatus,
        Owner = "acme",
        Repository = "webapp",
        Sha = sha,
        Context = "tekton/webapp-ci",
        State = "pending",
        Description = "webapp-ci is in progress",
        ApiBaseUrl = github.BaseUrl,
    };
}
