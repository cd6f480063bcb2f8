using Relay.Integration.Tests.DeadLetters;
using Relay.Testing;
using Relay.Testing.Scm;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>A fake Bitbucket Data Center (below a path prefix) and one Relay node reporting to it (<c>flavor: datacenter</c>).</summary>
public sealed class BitbucketDataCenterRelayFixture : ScmRelayFixture<FakeBitbucketServer>
{
    public override string Token => "bbdc-e2e-secret-token";

    protected override Task<FakeBitbucketServer> StartServerAsync() => FakeBitbucketServer.StartDataCenterAsync(Token, "/bitbucket");

    protected override string Section(FakeBitbucketServer server, string tokenFile) => $$"""
          bitbucket:
            - name: bitbucket-dc
              flavor: datacenter
              base_url: {{server.BaseUrl}}
              auth: { token_file: {{tokenFile}} }
              actions:
                - { name: checks,  type: commit_status, context_per_task: true }
                - { name: summary, type: pr_comment }
        """;
}

/// <summary>
/// Bitbucket Data Center on the provider seam, end to end through the real intake: builds on the project's repository,
/// one pull request comment per run whose every edit names its current version, and every guarantee of
/// <see cref="ScmProviderEndToEndTests{TServer}"/>.
/// </summary>
public sealed class BitbucketDataCenterActionsTests(BitbucketDataCenterRelayFixture fixture)
    : ScmProviderEndToEndTests<FakeBitbucketServer>(fixture), IClassFixture<BitbucketDataCenterRelayFixture>
{
    protected override (string InProgress, string Success) Words => ("INPROGRESS", "SUCCESSFUL");

    protected override string ExpectedAuth => "Bearer " + fixture.Token;

    protected override string Instance => "bitbucket-dc";

    protected override string PullRequestSegment => "pull-requests";

    /// <summary>Selected by the instance's name; the owner is the project key.</summary>
    protected override TektonRun NewRun() => new("bbdc-" + Guid.NewGuid().ToString("N")[..8])
    {
        Provider = "bitbucket-dc",
        Owner = "PLAT",
        Repository = "webapp",
        PullRequest = Random.Shared.NextInt64(1, 1_000_000),
    };

    [Fact]
    public async Task Builds_go_to_the_project_repository_and_each_comment_edit_names_the_version_it_replaces()
    {
        var run = NewRun();
        await Relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        Assert.All(Mine(run).Where(r => r.Route.Contains(run.Sha, StringComparison.Ordinal)), r =>
            Assert.Equal($"POST /projects/{run.Owner}/repos/{run.Repository}/commits/{run.Sha}/builds", r.Route));
        var edits = Mine(run).Where(r => r.Method == "PUT").ToList();
        Assert.NotEmpty(edits);
        // The version came from the last answer, so no edit needed to read the comment first, and none was refused.
        Assert.All(edits.Select((r, i) => (r, i)), e => Assert.Contains($"\"version\":{e.i}", e.r.Body, StringComparison.Ordinal));
        Assert.DoesNotContain(Mine(run), r => r.StatusCode == 409 || (r.Method == "GET" && r.Route.Contains("/comments/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_comment_someone_edited_meanwhile_is_read_for_its_version_and_edited_once_more()
    {
        var run = NewRun();
        var events = run.SuccessfulLifecycle("lint", "build", "test");
        await Relay.DeliverAsync(events.Take(3));
        await Wait.UntilAsync(() => CommentsOf(run).Count == 1, () => "the first comment");
        var comment = CommentsOf(run)[0];
        Server.EditComment(comment.Id, comment.Body + "\n\n(edited by a reviewer)");

        await Relay.DeliverAsync(events.Skip(3));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        var final = AssertOneComment(run);
        Assert.Equal(comment.Id, final.Id);
        Assert.Contains("### ✅ Pipeline `webapp-ci` succeeded", final.Body, StringComparison.Ordinal);
        // The stale version was refused once, the comment read for its current one, and the edit repeated.
        var conflict = Assert.Single(Mine(run), r => r.StatusCode == 409);
        Assert.Contains(Mine(run), r => r.Method == "GET" && r.At >= conflict.At && r.Route.EndsWith($"/comments/{comment.Id}", StringComparison.Ordinal));
        Assert.Empty(await Relay.DeadLettersOfAsync(run));
    }
}
