using System.Text;
using Relay.Testing;
using Relay.Testing.Scm;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>A fake Azure DevOps organization and one Relay node reporting to it.</summary>
public sealed class AzureDevOpsRelayFixture : ScmRelayFixture<FakeAzureDevOpsServer>
{
    public override string Token => "ado-e2e-secret-pat";

    protected override Task<FakeAzureDevOpsServer> StartServerAsync() => FakeAzureDevOpsServer.StartAsync(Token, "acme");

    protected override string Section(FakeAzureDevOpsServer server, string tokenFile) => $$"""
          azure_devops:
            - name: azure
              base_url: {{server.BaseUrl}}
              organization: {{server.Organization}}
              auth: { token_file: {{tokenFile}} }
              actions:
                - { name: checks,  type: commit_status, context_per_task: true }
                - { name: summary, type: pr_comment }
        """;
}

/// <summary>
/// Azure DevOps on the provider seam, end to end through the real intake: commit statuses with context
/// <c>{name, genre: "tekton"}</c> in a project whose name has a space, one pull request thread per run whose comment
/// is edited in place, the PAT as HTTP Basic, <c>api-version=7.1</c> on every request, and every guarantee of
/// <see cref="ScmProviderEndToEndTests{TServer}"/>.
/// </summary>
public sealed class AzureDevOpsActionsTests(AzureDevOpsRelayFixture fixture)
    : ScmProviderEndToEndTests<FakeAzureDevOpsServer>(fixture), IClassFixture<AzureDevOpsRelayFixture>
{
    protected override (string InProgress, string Success) Words => ("pending", "succeeded");

    protected override string ExpectedAuth => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + fixture.Token));

    protected override string Instance => "azure";

    protected override string PullRequestSegment => "pullRequests";

    protected override string CreateSuffix => "/threads";

    protected override string EditMethod => "PATCH";

    protected override IReadOnlyDictionary<string, string> RateLimitHeaders => new Dictionary<string, string>
    {
        ["Retry-After"] = "1",
        ["X-RateLimit-Resource"] = "Core",
        ["X-RateLimit-Delay"] = "0.5",
        ["X-RateLimit-Limit"] = "200",
        ["X-RateLimit-Remaining"] = "0",
        ["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override TektonRun NewRun() => new("ado-" + Guid.NewGuid().ToString("N")[..8])
    {
        Provider = "azure_devops",
        Owner = "Platform Team",
        Repository = "webapp",
        PullRequest = Random.Shared.NextInt64(1, 1_000_000),
    };

    [Fact]
    public async Task Statuses_carry_the_tekton_genre_and_every_request_is_encoded_and_versioned()
    {
        var run = NewRun();
        await Relay.DeliverAsync(run.SuccessfulLifecycle("lint"));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 3);

        Assert.All(Mine(run), r =>
        {
            Assert.Equal("?api-version=7.1", r.Query);
            Assert.StartsWith("Platform%20Team/_apis/git/repositories/webapp/", r.RawPath, StringComparison.Ordinal);
        });
        Assert.All(Mine(run).Where(r => r.Route.Contains(run.Sha, StringComparison.Ordinal)), r =>
        {
            Assert.Equal($"POST /{run.Owner}/_apis/git/repositories/{run.Repository}/commits/{run.Sha}/statuses", r.Route);
            Assert.Contains("\"context\":{\"name\":\"tekton/webapp-ci", r.Body, StringComparison.Ordinal);
            Assert.Contains("\"genre\":\"tekton\"", r.Body, StringComparison.Ordinal);
        });
        Assert.All(Server.Genres, g => Assert.Equal("tekton", g));

        // One thread; every edit goes to that thread's comment.
        var comment = AssertOneComment(run);
        Assert.All(Mine(run).Where(r => r.Method == "PATCH"), r =>
            Assert.EndsWith($"/pullRequests/{run.PullRequest}/threads/{comment.ParentId}/comments/{comment.Id}", r.Route, StringComparison.Ordinal));
    }
}
