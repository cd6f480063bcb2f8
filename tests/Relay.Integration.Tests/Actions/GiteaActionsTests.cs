using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Grains.Runs;
using Relay.Integration.Tests.DeadLetters;
using Relay.Testing;
using Relay.Testing.Scm;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>A fake Forgejo and one Relay node reporting to it through <c>scm.gitea</c> (the example: an instance named <c>forgejo</c>).</summary>
public sealed class GiteaRelayFixture : IAsyncLifetime
{
    public const string Token = "forgejo-e2e-secret-token";

    private string _tokenFile = "";

    public FakeGiteaServer Gitea { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        Gitea = await FakeGiteaServer.StartAsync(Token);
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, $"{Token}\n");
        Relay = await RelayNode.StartAsync(
            $"""
            dashboard_url: https://tekton.example.com
            scm:
              gitea:
                - name: forgejo
                  base_url: {Gitea.BaseUrl}
                  auth: {"{"} token_file: {_tokenFile} {"}"}
                  actions:
                    - {"{"} name: checks,  type: commit_status, context_per_task: true {"}"}
                    - {"{"} name: summary, type: pr_comment {"}"}
            """,
            builder =>
            {
                builder.Logging.AddProvider(Logs);
                builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Trace);
                builder.Services.Configure<OutboxOptions>(o =>
                {
                    o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                    o.MaxBackoff = TimeSpan.FromMilliseconds(500);
                    o.MaxAttempts = 10;
                    // Short, so an unanswered create ends its attempt soon (the unclear-create test).
                    o.DeliveryTimeout = TimeSpan.FromSeconds(3);
                });
            });
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        await Gitea.DisposeAsync();
        File.Delete(_tokenFile);
    }
}

/// <summary>
/// Gitea / Forgejo on the provider seam, end to end through the real intake: statuses per context in Gitea's words,
/// one pull request comment per run edited in place, each exactly once; rate limits waited out; permanent answers
/// in the dead-letter store until a replay; an unclear create found again by its marker instead of posted twice.
/// </summary>
public sealed class GiteaActionsTests(GiteaRelayFixture fixture) : IClassFixture<GiteaRelayFixture>
{
    private static readonly string[] Contexts = ["tekton/webapp-ci", "tekton/webapp-ci/lint", "tekton/webapp-ci/build", "tekton/webapp-ci/test"];
    private readonly FakeGiteaServer _gitea = fixture.Gitea;
    private readonly RelayNode _relay = fixture.Relay;

    [Theory]
    [InlineData("forgejo")]   // the instance's name
    [InlineData("gitea")]     // the provider kind: the first scm.gitea instance
    public async Task A_pull_request_run_with_three_tasks_posts_each_context_state_once_in_order_and_one_comment_edited_in_place(string provider)
    {
        var run = NewRun(provider);
        var events = run.SuccessfulLifecycle("lint", "build", "test");
        // The run's first events, then (once the comment exists) the rest: the comment must be seen edited as the run goes.
        await _relay.DeliverAsync(events.Take(2));
        await Wait.UntilAsync(() => CommentsOf(run).Count > 0, () => "the run's comment to be created");
        await _relay.DeliverAsync(events.Skip(2));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        AssertStatuses(run);
        var comment = AssertOneComment(run);
        Assert.Contains("### ✅ Pipeline `webapp-ci` succeeded", comment.Body, StringComparison.Ordinal);
        Assert.True(comment.Bodies.Count >= 2, $"the comment was edited as the run progressed ({comment.Bodies.Count} versions)");

        var commentRequests = Mine(run).Where(r => r.Route.Contains("/comments", StringComparison.Ordinal)).ToList();
        Assert.Equal($"POST /repos/{run.Owner}/{run.Repository}/issues/{run.PullRequest}/comments", commentRequests[0].Route);
        Assert.All(commentRequests.Skip(1), r => Assert.Equal($"PATCH /repos/{run.Owner}/{run.Repository}/issues/comments/{comment.Id}", r.Route));
        Assert.Equal(commentRequests.Count, comment.Bodies.Count);
        Assert.All(Mine(run), r => Assert.Equal($"token {GiteaRelayFixture.Token}", r.Auth));

        var before = _gitea.Requests.Count;
        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test").Select(e => e.Reemitted()));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);
        Assert.Equal(before, _gitea.Requests.Count);
    }

    [Fact]
    public async Task A_failed_task_and_a_cancelled_run_map_to_failure_and_error()
    {
        var run = NewRun("forgejo");
        await _relay.DeliverAsync(
        [
            run.PipelineRunEvent("started"),
            run.PipelineRunEvent("running"),
            run.TaskRunEvent("unit", "started", minute: 1),
            run.TaskRunEvent("unit", "failed", reason: "Failed", message: "3 tests failed", minute: 2),
            run.PipelineRunEvent("failed", reason: "Cancelled", message: "PipelineRun was cancelled", minute: 3),
        ]);
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 3);

        Assert.Equal(["pending", "failure"], _gitea.StatusesFor(run.Sha).Where(s => s.Context == "tekton/webapp-ci/unit").Select(s => s.State));
        Assert.Equal(["pending", "error"], _gitea.StatusesFor(run.Sha).Where(s => s.Context == "tekton/webapp-ci").Select(s => s.State));
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_every_effect_still_lands_once()
    {
        var run = NewRun("forgejo");
        _gitea.FailNext(1, 429, new Dictionary<string, string> { ["Retry-After"] = "1" }, "{\"message\":\"rate limited\"}", routeContains: run.Sha);

        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        var limited = Assert.Single(Mine(run), r => r.Failed);
        Assert.Equal(429, limited.StatusCode);
        var next = Mine(run).First(r => r.At > limited.At && r.Route == limited.Route);
        Assert.True(next.At - limited.At >= TimeSpan.FromSeconds(0.9), $"waited {next.At - limited.At}");
        AssertStatuses(run);
        AssertOneComment(run);
        Assert.Empty(await _relay.DeadLettersOfAsync(run));
    }

    [Theory]
    [InlineData(401, "{\"message\":\"token is required\"}")]
    [InlineData(404, "{\"message\":\"The target couldn't be found.\"}")]
    public async Task A_permanent_answer_lands_in_the_dead_letter_store_and_a_replay_completes_without_duplicates(int status, string body)
    {
        var run = NewRun("forgejo");
        _gitea.FailNext(100, status, body: body, routeContains: $"/issues/{run.PullRequest}/comments");
        _gitea.FailNext(100, status, body: body, routeContains: $"/statuses/{run.Sha}");

        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        var letters = await _relay.WaitForDeadLettersAsync(run, l =>
            l.Count(x => x.GetProperty("summary").GetString()!.EndsWith("→ success", StringComparison.Ordinal)) == Contexts.Length
            && l.Any(x => x.GetProperty("type").GetString() == "pr_comment"));
        Assert.Empty(_gitea.StatusesFor(run.Sha));
        Assert.All(letters, l =>
        {
            Assert.Equal(status, l.GetProperty("status_code").GetInt32());
            Assert.Equal(1, l.GetProperty("attempts").GetInt32());
            Assert.Contains($"gitea answered {status}", l.GetProperty("cause").GetString(), StringComparison.Ordinal);
        });

        _gitea.ClearFaults();
        using (var replay = await _relay.Http.PostAsync($"/api/v1/dead-letters/replay?run={run.Namespace}/{run.Name}", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        await _relay.WaitForDeadLettersAsync(run, l => l.Length == 0);
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        foreach (var context in Contexts)
        {
            Assert.Equal(["success"], _gitea.StatusesFor(run.Sha).Where(s => s.Context == context).Select(s => s.State));
        }

        Assert.Single(AssertOneComment(run).Bodies);
        using var again = await _relay.Http.PostAsync($"/api/v1/dead-letters/replay?run={run.Namespace}/{run.Name}", null);
        Assert.Equal(0, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("replayed").GetInt32());
    }

    [Fact]
    public async Task A_comment_deleted_by_someone_is_created_again_once_and_then_edited()
    {
        var run = NewRun("forgejo");
        var events = run.SuccessfulLifecycle("lint", "build", "test");
        await _relay.DeliverAsync(events.Take(3));
        await Wait.UntilAsync(() => CommentsOf(run).Count == 1, () => "the first comment");
        var first = CommentsOf(run)[0];
        _gitea.DeleteComment(first.Id);

        await _relay.DeliverAsync(events.Skip(3));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        var comment = AssertOneComment(run);
        Assert.NotEqual(first.Id, comment.Id);
        Assert.Equal(2, Mine(run).Count(r => r.Method == "POST" && r.Route.EndsWith("/comments", StringComparison.Ordinal)));
        Assert.Contains(Mine(run), r => r.Method == "PATCH" && r.StatusCode == 404);
    }

    [Fact]
    public async Task A_create_whose_answer_never_came_is_found_by_its_marker_instead_of_posted_twice()
    {
        var run = NewRun("forgejo");
        // Forgejo creates the comment, but its answer arrives after the delivery's deadline.
        _gitea.DelayAnswerOfNext(TimeSpan.FromSeconds(10), $"POST /repos/{run.Owner}/{run.Repository}/issues/{run.PullRequest}/comments");

        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint"));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 3, deadline: TimeSpan.FromSeconds(60));

        AssertOneComment(run);
        Assert.Equal(1, _gitea.AbandonedAnswers);
        var commentRoutes = Mine(run).Where(r => r.Route.Contains("comments", StringComparison.Ordinal)).Select(r => r.Method).ToList();
        Assert.Equal("POST", commentRoutes[0]);
        Assert.Equal("GET", commentRoutes[1]);
        Assert.DoesNotContain("POST", commentRoutes.Skip(1));
    }

    [Fact]
    public async Task The_token_never_appears_in_any_log_line()
    {
        var run = NewRun("forgejo");
        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint"));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 3);

        Assert.Contains(fixture.Logs.Messages, m => m.Contains("Authorization", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(GiteaRelayFixture.Token, StringComparison.Ordinal));
    }

    private static TektonRun NewRun(string provider) => new("gitea-" + Guid.NewGuid().ToString("N")[..8])
    {
        Provider = provider,
        Owner = "acme",
        Repository = "webapp",
        PullRequest = Random.Shared.NextInt64(1, 1_000_000),
    };

    /// <summary>This run's requests: its statuses (sha), its pull request's comments (number), and edits of its comment (marker in the body).</summary>
    private List<ScmRecordedRequest> Mine(TektonRun run) => _gitea.Requests
        .Where(r => r.Route.Contains(run.Sha, StringComparison.Ordinal)
            || r.Route.Contains($"/issues/{run.PullRequest}/", StringComparison.Ordinal)
            || r.Body.Contains($"summary:{run.Namespace}/{run.Name} ", StringComparison.Ordinal))
        .ToList();

    private List<FakeScmComment> CommentsOf(TektonRun run) =>
        _gitea.Comments.Where(c => c.Number == run.PullRequest && c.Repository == $"{run.Owner}/{run.Repository}").ToList();

    private FakeScmComment AssertOneComment(TektonRun run)
    {
        var comment = Assert.Single(CommentsOf(run));
        Assert.StartsWith($"<!-- relay:forgejo/summary:{run.Namespace}/{run.Name} -->\n", comment.Body, StringComparison.Ordinal);
        return comment;
    }

    private void AssertStatuses(TektonRun run)
    {
        foreach (var context in Contexts)
        {
            var statuses = _gitea.StatusesFor(run.Sha).Where(s => s.Context == context).ToList();
            Assert.Equal(["pending", "success"], statuses.Select(s => s.State));
            Assert.All(statuses, s => Assert.Equal($"https://tekton.example.com/#/namespaces/ci/pipelineruns/{run.Name}", s.TargetUrl));
        }
    }
}
