using System.Net;
using System.Text.Json;
using Relay.Integration.Tests.DeadLetters;
using Relay.Testing;
using Relay.Testing.Scm;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>
/// What every SCM kit provider must do end to end through the real intake, whatever its API: each context's states in
/// the provider's words, in order, once each; one run comment created then edited in place; re-emitted events send
/// nothing; a 429 with <c>Retry-After</c> waited out; a permanent answer dead-lettered and replayed without
/// duplicates; a deleted comment created again once; the auth header never logged. A provider's test class supplies
/// its words and routes.
/// </summary>
public abstract class ScmProviderEndToEndTests<TServer>(ScmRelayFixture<TServer> fixture)
    where TServer : FakeScmServer
{
    protected static readonly string[] Contexts = ["tekton/webapp-ci", "tekton/webapp-ci/lint", "tekton/webapp-ci/build", "tekton/webapp-ci/test"];

    protected TServer Server { get; } = fixture.Server;

    protected RelayNode Relay { get; } = fixture.Relay;

    /// <summary>The provider's words for Relay's pending/running and success (<c>INPROGRESS</c>, <c>SUCCESSFUL</c>).</summary>
    protected abstract (string InProgress, string Success) Words { get; }

    /// <summary>The auth header's value as the provider receives it.</summary>
    protected abstract string ExpectedAuth { get; }

    /// <summary>The name of the auth header (it must appear in HttpClient's logs, its value never).</summary>
    protected virtual string AuthHeader => "Authorization";

    /// <summary>The instance name in the comment marker (<c>&lt;!-- relay:&lt;instance&gt;/summary:… --&gt;</c>).</summary>
    protected abstract string Instance { get; }

    /// <summary>The path segment before a pull request's number (<c>pullrequests</c>, <c>pull-requests</c>, <c>pullRequests</c>).</summary>
    protected abstract string PullRequestSegment { get; }

    /// <summary>The last route segment of a comment create (<c>comments</c>; Azure DevOps: <c>threads</c>).</summary>
    protected virtual string CreateSuffix => "/comments";

    /// <summary>The method of a comment edit.</summary>
    protected virtual string EditMethod => "PUT";

    /// <summary>Extra response headers of the injected 429 (the provider's rate-limit headers).</summary>
    protected virtual IReadOnlyDictionary<string, string> RateLimitHeaders => new Dictionary<string, string> { ["Retry-After"] = "1" };

    protected abstract TektonRun NewRun();

    /// <summary>How the fake names the run's repository in statuses and comments.</summary>
    protected virtual string RepositoryOf(TektonRun run) => $"{run.Owner}/{run.Repository}";

    [Fact]
    public async Task A_pull_request_run_with_three_tasks_posts_each_context_state_once_in_order_and_one_comment_edited_in_place()
    {
        var run = NewRun();
        var events = run.SuccessfulLifecycle("lint", "build", "test");
        // The run's first events, then (once the comment exists) the rest: the comment must be seen edited as the run goes.
        await Relay.DeliverAsync(events.Take(2));
        await Wait.UntilAsync(() => CommentsOf(run).Count > 0, () => "the run's comment to be created");
        await Relay.DeliverAsync(events.Skip(2));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        AssertStatuses(run);
        var comment = AssertOneComment(run);
        Assert.Contains("### ✅ Pipeline `webapp-ci` succeeded", comment.Body, StringComparison.Ordinal);
        Assert.True(comment.Bodies.Count >= 2, $"the comment was edited as the run progressed ({comment.Bodies.Count} versions)");

        // One create, then only edits of that comment.
        var commentRequests = Mine(run).Where(r => r.Method != "GET" && !r.Route.Contains(run.Sha, StringComparison.Ordinal)).ToList();
        Assert.Equal("POST", commentRequests[0].Method);
        Assert.EndsWith(CreateSuffix, commentRequests[0].Route, StringComparison.Ordinal);
        Assert.All(commentRequests.Skip(1), r =>
        {
            Assert.Equal(EditMethod, r.Method);
            Assert.EndsWith($"/comments/{comment.Id}", r.Route, StringComparison.Ordinal);
        });
        Assert.Equal(commentRequests.Count, comment.Bodies.Count);
        Assert.All(Mine(run), r => Assert.Equal(ExpectedAuth, r.Auth));

        // Re-emitted events (new CloudEvent ids) send nothing.
        var before = Server.Requests.Count;
        await Relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test").Select(e => e.Reemitted()));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 5);
        Assert.Equal(before, Server.Requests.Count);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_every_effect_still_lands_once()
    {
        var run = NewRun();
        Server.FailNext(1, 429, RateLimitHeaders, "{\"message\":\"Rate limit exceeded\"}", routeContains: run.Sha);

        await Relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        var limited = Assert.Single(Mine(run), r => r.Failed);
        Assert.Equal(429, limited.StatusCode);
        var next = Mine(run).First(r => r.At > limited.At && r.Route == limited.Route);
        Assert.True(next.At - limited.At >= TimeSpan.FromSeconds(0.9), $"waited {next.At - limited.At}");
        AssertStatuses(run);
        AssertOneComment(run);
        Assert.Empty(await Relay.DeadLettersOfAsync(run));
    }

    [Theory]
    [InlineData(401)]
    [InlineData(404)]
    public async Task A_permanent_answer_lands_in_the_dead_letter_store_and_a_replay_completes_without_duplicates(int status)
    {
        var run = NewRun();
        var body = $"{{\"message\":\"injected {status}\"}}";
        Server.FailNext(100, status, body: body, routeContains: $"/{PullRequestSegment}/{run.PullRequest}/");
        Server.FailNext(100, status, body: body, routeContains: run.Sha);

        await Relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        // Every row ends in the store: each context's last state, and the comment.
        var letters = await Relay.WaitForDeadLettersAsync(run, l =>
            l.Count(x => x.GetProperty("summary").GetString()!.EndsWith($"→ {Words.Success}", StringComparison.Ordinal)) == Contexts.Length
            && l.Any(x => x.GetProperty("type").GetString() == "pr_comment"));
        Assert.Empty(Server.StatusesFor(run.Sha));
        Assert.All(letters, l =>
        {
            Assert.Equal(status, l.GetProperty("status_code").GetInt32());
            Assert.Equal(1, l.GetProperty("attempts").GetInt32());
            Assert.Contains($"answered {status}", l.GetProperty("cause").GetString(), StringComparison.Ordinal);
        });

        // The provider is fixed (a token rotated, a repository shared); the operator replays the run.
        Server.ClearFaults();
        using (var replay = await Relay.Http.PostAsync($"/api/v1/dead-letters/replay?run={run.Namespace}/{run.Name}", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        await Relay.WaitForDeadLettersAsync(run, l => l.Length == 0);
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        // Only each row's last state was replayed: one status per context, the final one; one comment, never edited.
        foreach (var context in Contexts)
        {
            Assert.Equal([Words.Success], Server.StatusesFor(run.Sha).Where(s => s.Context == context).Select(s => s.State));
        }

        Assert.Single(AssertOneComment(run).Bodies);

        using var again = await Relay.Http.PostAsync($"/api/v1/dead-letters/replay?run={run.Namespace}/{run.Name}", null);
        Assert.Equal(0, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("replayed").GetInt32());
    }

    [Fact]
    public async Task A_comment_deleted_by_someone_is_created_again_once_and_then_edited()
    {
        var run = NewRun();
        var events = run.SuccessfulLifecycle("lint", "build", "test");
        await Relay.DeliverAsync(events.Take(3));
        await Wait.UntilAsync(() => CommentsOf(run).Count == 1, () => "the first comment");
        var first = CommentsOf(run)[0];
        Server.DeleteComment(first.Id);

        await Relay.DeliverAsync(events.Skip(3));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        var comment = AssertOneComment(run);
        Assert.NotEqual(first.Id, comment.Id);
        Assert.Equal(2, Mine(run).Count(r => r.Method == "POST" && r.Route.EndsWith(CreateSuffix, StringComparison.Ordinal)));
        Assert.Contains(Mine(run), r => r.Method == EditMethod && r.StatusCode == 404);
        Assert.Contains("### ✅ Pipeline `webapp-ci` succeeded", comment.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_token_never_appears_in_any_log_line()
    {
        var run = NewRun();
        await Relay.DeliverAsync(run.SuccessfulLifecycle("lint"));
        await Relay.WaitUntilSettledAsync(run, expectedDelivered: 3);

        // HttpClient logged these requests (at Trace, with headers), yet never the token nor the header's value.
        Assert.Contains(fixture.Logs.Messages, m => m.Contains(AuthHeader, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(fixture.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(ExpectedAuth, StringComparison.Ordinal));
    }

    /// <summary>This run's requests: its statuses (by sha) and its pull request's comments (by number).</summary>
    protected List<ScmRecordedRequest> Mine(TektonRun run) => Server.Requests
        .Where(r => r.Route.Contains(run.Sha, StringComparison.Ordinal) || r.Route.Contains($"/{PullRequestSegment}/{run.PullRequest}/", StringComparison.Ordinal))
        .ToList();

    protected List<FakeScmComment> CommentsOf(TektonRun run) =>
        Server.Comments.Where(c => c.Number == run.PullRequest && c.Repository == RepositoryOf(run)).ToList();

    protected FakeScmComment AssertOneComment(TektonRun run)
    {
        var comment = Assert.Single(CommentsOf(run));
        Assert.StartsWith($"<!-- relay:{Instance}/summary:{run.Namespace}/{run.Name} -->\n", comment.Body, StringComparison.Ordinal);
        return comment;
    }

    protected void AssertStatuses(TektonRun run)
    {
        foreach (var context in Contexts)
        {
            var statuses = Server.StatusesFor(run.Sha).Where(s => s.Context == context).ToList();
            Assert.Equal([Words.InProgress, Words.Success], statuses.Select(s => s.State));
            Assert.All(statuses, s => Assert.Equal(RepositoryOf(run), s.Repository));
            Assert.All(statuses, s => Assert.Equal($"https://tekton.example.com/#/namespaces/ci/pipelineruns/{run.Name}", s.TargetUrl));
        }
    }
}
