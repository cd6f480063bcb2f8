using Relay.Testing;
using Relay.Testing.Scm;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>A fake Bitbucket Cloud and one Relay node reporting to it (<c>flavor: cloud</c>).</summary>
public sealed class BitbucketCloudRelayFixture : ScmRelayFixture<FakeBitbucketServer>
{
    public override string Token => "bbcloud-e2e-secret-token";

    protected override Task<FakeBitbucketServer> StartServerAsync() => FakeBitbucketServer.StartCloudAsync(Token);

    protected override string Section(FakeBitbucketServer server, string tokenFile) => $$"""
          bitbucket:
            - name: bitbucket
              flavor: cloud
              base_url: {{server.BaseUrl}}
              auth: { token_file: {{tokenFile}} }
              actions:
                - { name: checks,  type: commit_status, context_per_task: true }
                - { name: summary, type: pr_comment }
        """;
}

/// <summary>
/// Bitbucket Cloud on the provider seam, end to end through the real intake: build statuses keyed by context (a long
/// context's key shortened with a stable hash), one pull request comment per run edited in place, and every
/// guarantee of <see cref="ScmProviderEndToEndTests{TServer}"/>.
/// </summary>
public sealed class BitbucketCloudActionsTests(BitbucketCloudRelayFixture fixture)
    : ScmProviderEndToEndTests<FakeBitbucketServer>(fixture), IClassFixture<BitbucketCloudRelayFixture>
{
    protected override (string InProgress, string Success) Words => ("INPROGRESS", "SUCCESSFUL");

    protected override string ExpectedAuth => "Bearer " + fixture.Token;

    protected override string Instance => "bitbucket";

    protected override string PullRequestSegment => "pullrequests";

    protected override TektonRun NewRun() => NewRun(context: null);

    private static TektonRun NewRun(string? context) => new("bbc-" + Guid.NewGuid().ToString("N")[..8])
    {
        Provider = "bitbucket",
        Owner = "acme-workspace",
        Repository = "webapp",
        PullRequest = Random.Shared.NextInt64(1, 1_000_000),
        Context = context,
    };

    [Fact]
    public async Task Statuses_go_to_the_cloud_build_endpoint_with_key_and_name_the_context()
    {
        var run = NewRun();
        await Relay.DeliverAsync(run.SuccessfulLifecycle("lint"));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 3);

        var builds = Server.Builds.Where(b => b.Sha == run.Sha).ToList();
        Assert.NotEmpty(builds);
        Assert.All(builds, b => Assert.Equal(b.Name, b.Key));
        Assert.All(Mine(run).Where(r => r.Route.Contains(run.Sha, StringComparison.Ordinal)), r =>
            Assert.Equal($"POST /repositories/{run.Owner}/{run.Repository}/commit/{run.Sha}/statuses/build", r.Route));
        Assert.Contains("\"content\":{\"raw\":", Mine(run).First(r => r.Method == "POST" && r.Route.EndsWith("/comments", StringComparison.Ordinal)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_context_longer_than_40_characters_gets_a_stable_shortened_key_and_keeps_its_name()
    {
        const string context = "tekton/a-very-long-pipeline-context-name-for-the-webapp";
        var runs = new[] { NewRun(context), NewRun(context) };
        foreach (var run in runs)
        {
            await Relay.DeliverAsync(run.SuccessfulLifecycle("lint"));
            await Relay.WaitUntilSettledAsync(run, expectedDelivered: 3);
        }

        var keys = runs.Select(run => Server.Builds.Where(b => b.Sha == run.Sha).Select(b => (b.Name, b.Key)).Distinct().ToDictionary(b => b.Name, b => b.Key)).ToList();
        foreach (var (name, key) in keys[0])
        {
            Assert.True(key.Length <= 40, $"key '{key}' of '{name}' has {key.Length} characters");
            Assert.Equal(key, keys[1][name]);
        }

        Assert.Equal([context, context + "/lint"], keys[0].Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, keys[0].Values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(keys[0].Values, k => Assert.StartsWith(context[..29], k, StringComparison.Ordinal));
    }
}
