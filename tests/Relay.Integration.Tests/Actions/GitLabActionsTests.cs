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

/// <summary>A fake GitLab (below a path prefix, as a self-managed GitLab may be) and one Relay node reporting to it.</summary>
public sealed class GitLabRelayFixture : IAsyncLifetime
{
    public const string Token = "glpat-e2e-secret-token";

    private string _tokenFile = "";

    public FakeGitLabServer GitLab { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    public async Task InitializeAsync()
    {
        GitLab = await FakeGitLabServer.StartAsync(Token, "/gitlab");
        _tokenFile = Path.GetTempFileName();
        // Surrounding whitespace (a trailing newline from `echo`) is not part of the token.
        await File.WriteAllTextAsync(_tokenFile, $"  {Token}\n");
        Relay = await RelayNode.StartAsync(
            $"""
            dashboard_url: https://tekton.example.com
            scm:
              gitlab:
                - name: gitlab
                  base_url: {GitLab.BaseUrl}
                  auth: {"{"} token_file: {_tokenFile} {"}"}
                  actions:
                    - {"{"} name: checks,  type: commit_status, context_per_task: true {"}"}
                    - {"{"} name: summary, type: mr_comment {"}"}
            """,
            builder =>
            {
                builder.Logging.AddProvider(Logs);
                // HttpClient's own logs, headers included, at their most detailed level.
                builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Trace);
                builder.Services.Configure<OutboxOptions>(o =>
                {
                    o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                    o.MaxBackoff = TimeSpan.FromMilliseconds(500);
                    o.MaxAttempts = 10;
                });
            });
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        await GitLab.DisposeAsync();
        File.Delete(_tokenFile);
    }
}

/// <summary>
/// GitLab on the provider seam, end to end through the real intake: commit statuses per context in GitLab's words,
/// one merge request note per run edited in place, each exactly once; rate limits waited out; permanent answers in
/// the dead-letter store until a replay; GitLab's "Cannot transition status" answer taken as delivered.
/// </summary>
public sealed class GitLabActionsTests(GitLabRelayFixture fixture) : IClassFixture<GitLabRelayFixture>
{
    private static readonly string[] Contexts = ["tekton/webapp-ci", "tekton/webapp-ci/lint", "tekton/webapp-ci/build", "tekton/webapp-ci/test"];
    private readonly FakeGitLabServer _gitlab = fixture.GitLab;
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task A_merge_request_run_with_three_tasks_posts_each_context_state_once_in_order_and_one_note_edited_in_place()
    {
        var run = NewRun();
        var events = run.SuccessfulLifecycle("lint", "build", "test");
        // The run's first events, then (once the comment exists) the rest: the comment must be seen edited as the run goes.
        await _relay.DeliverAsync(events.Take(2));
        await Wait.UntilAsync(() => NotesOf(run).Count > 0, () => "the run's note to be created");
        await _relay.DeliverAsync(events.Skip(2));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        AssertStatuses(run);
        var note = AssertOneNote(run);
        Assert.Contains("### ✅ Pipeline `webapp-ci` succeeded", note.Body, StringComparison.Ordinal);
        Assert.True(note.Bodies.Count >= 2, $"the note was edited as the run progressed ({note.Bodies.Count} versions)");

        // One POST, then only PUTs of that note; the project id is the encoded namespace path.
        var project = Uri.EscapeDataString(run.Owner + "/" + run.Repository);
        var noteRequests = Mine(run).Where(r => r.Route.Contains("/notes", StringComparison.Ordinal)).ToList();
        Assert.Equal($"POST /projects/{run.Owner}/{run.Repository}/merge_requests/{run.PullRequest}/notes", noteRequests[0].Route);
        Assert.StartsWith($"projects/{project}/merge_requests/", noteRequests[0].RawPath, StringComparison.Ordinal);
        Assert.All(noteRequests.Skip(1), r => Assert.Equal($"PUT /projects/{run.Owner}/{run.Repository}/merge_requests/{run.PullRequest}/notes/{note.Id}", r.Route));
        Assert.Equal(noteRequests.Count, note.Bodies.Count);
        Assert.All(Mine(run), r => Assert.Equal(GitLabRelayFixture.Token, r.Auth));

        // Re-emitted events (new CloudEvent ids) send nothing.
        var before = _gitlab.Requests.Count;
        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test").Select(e => e.Reemitted()));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);
        Assert.Equal(before, _gitlab.Requests.Count);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out_and_every_effect_still_lands_once()
    {
        var run = NewRun();
        _gitlab.FailNext(1, 429, new Dictionary<string, string> { ["Retry-After"] = "1", ["RateLimit-Remaining"] = "0" }, "{\"message\":\"Retry later\"}", routeContains: run.Sha);

        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        var limited = Assert.Single(Mine(run), r => r.Failed);
        Assert.Equal(429, limited.StatusCode);
        var next = Mine(run).First(r => r.At > limited.At && r.Route == limited.Route);
        Assert.True(next.At - limited.At >= TimeSpan.FromSeconds(0.9), $"waited {next.At - limited.At}");
        AssertStatuses(run);
        AssertOneNote(run);
        Assert.Empty(await _relay.DeadLettersOfAsync(run));
    }

    [Theory]
    [InlineData(401, "{\"message\":\"401 Unauthorized\"}")]
    [InlineData(404, "{\"message\":\"404 Project Not Found\"}")]
    public async Task A_permanent_answer_lands_in_the_dead_letter_store_and_a_replay_completes_without_duplicates(int status, string body)
    {
        var run = NewRun();
        _gitlab.FailNext(100, status, body: body, routeContains: $"/merge_requests/{run.PullRequest}/notes");
        _gitlab.FailNext(100, status, body: body, routeContains: $"/statuses/{run.Sha}");

        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        // Every row ends in the store: each context's last state, and the note.
        var letters = await _relay.WaitForDeadLettersAsync(run, l =>
            l.Count(x => x.GetProperty("summary").GetString()!.EndsWith("→ success", StringComparison.Ordinal)) == Contexts.Length
            && l.Any(x => x.GetProperty("type").GetString() == "mr_comment"));
        Assert.Empty(_gitlab.StatusesFor(run.Sha));
        Assert.All(letters, l =>
        {
            Assert.Equal(status, l.GetProperty("status_code").GetInt32());
            Assert.Equal(1, l.GetProperty("attempts").GetInt32());
            Assert.Contains($"gitlab answered {status}", l.GetProperty("cause").GetString(), StringComparison.Ordinal);
        });

        // GitLab is fixed (a token rotated, a project shared); the operator replays the run.
        _gitlab.ClearFaults();
        using (var replay = await _relay.Http.PostAsync($"/api/v1/dead-letters/replay?run={run.Namespace}/{run.Name}", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        await _relay.WaitForDeadLettersAsync(run, l => l.Length == 0);
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        // Only each row's last state was replayed: one status per context, the final one; one note, never edited.
        foreach (var context in Contexts)
        {
            Assert.Equal(["success"], _gitlab.StatusesFor(run.Sha).Where(s => s.Context == context).Select(s => s.State));
        }

        Assert.Single(AssertOneNote(run).Bodies);

        using var again = await _relay.Http.PostAsync($"/api/v1/dead-letters/replay?run={run.Namespace}/{run.Name}", null);
        Assert.Equal(0, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("replayed").GetInt32());
    }

    [Fact]
    public async Task Cannot_transition_status_is_taken_as_delivered_not_dead_lettered()
    {
        var run = NewRun();
        _gitlab.FailNext(1, 400, body: "{\"message\":\"Cannot transition status via :run from :running\"}", routeContains: $"/statuses/{run.Sha}");

        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        Assert.Equal(400, Assert.Single(Mine(run), r => r.Failed).StatusCode);
        Assert.Empty(await _relay.DeadLettersOfAsync(run));
        // The pipeline context's first status was the one answered 400; every later state still went out once.
        Assert.Equal(["running", "success"], _gitlab.StatusesFor(run.Sha).Where(s => s.Context == Contexts[0]).Select(s => s.State));
    }

    [Fact]
    public async Task A_note_deleted_by_someone_is_created_again_once_and_then_edited()
    {
        var run = NewRun();
        var events = run.SuccessfulLifecycle("lint", "build", "test");
        await _relay.DeliverAsync(events.Take(3));
        await Wait.UntilAsync(() => NotesOf(run).Count == 1, () => "the first note");
        var first = NotesOf(run)[0];
        _gitlab.DeleteComment(first.Id);

        await _relay.DeliverAsync(events.Skip(3));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 5);

        var note = AssertOneNote(run);
        Assert.NotEqual(first.Id, note.Id);
        Assert.Equal(2, Mine(run).Count(r => r.Method == "POST" && r.Route.EndsWith("/notes", StringComparison.Ordinal)));
        Assert.Contains(Mine(run), r => r.Method == "PUT" && r.StatusCode == 404);
        Assert.Contains("### ✅ Pipeline `webapp-ci` succeeded", note.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_private_token_never_appears_in_any_log_line()
    {
        var run = NewRun();
        await _relay.DeliverAsync(run.SuccessfulLifecycle("lint"));
        await _relay.WaitUntilSettledAsync(run, expectedDelivered: 3);

        // HttpClient logged these requests (at Trace, with headers), yet never the token.
        Assert.Contains(fixture.Logs.Messages, m => m.Contains("PRIVATE-TOKEN", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Messages, m => m.Contains(GitLabRelayFixture.Token, StringComparison.Ordinal));
    }

    private static TektonRun NewRun() => new("gitlab-" + Guid.NewGuid().ToString("N")[..8])
    {
        Provider = "gitlab",
        Owner = "acme/platform",
        Repository = "webapp",
        PullRequest = Random.Shared.NextInt64(1, 1_000_000),
    };

    /// <summary>This run's requests: its statuses (by sha) and its merge request's notes (by iid).</summary>
    private List<ScmRecordedRequest> Mine(TektonRun run) => _gitlab.Requests
        .Where(r => r.Route.Contains(run.Sha, StringComparison.Ordinal) || r.Route.Contains($"/merge_requests/{run.PullRequest}/", StringComparison.Ordinal))
        .ToList();

    private List<FakeScmComment> NotesOf(TektonRun run) =>
        _gitlab.Comments.Where(c => c.Number == run.PullRequest && c.Repository == $"{run.Owner}/{run.Repository}").ToList();

    private FakeScmComment AssertOneNote(TektonRun run)
    {
        var note = Assert.Single(NotesOf(run));
        Assert.StartsWith($"<!-- relay:gitlab/summary:{run.Namespace}/{run.Name} -->\n", note.Body, StringComparison.Ordinal);
        return note;
    }

    private void AssertStatuses(TektonRun run)
    {
        foreach (var context in Contexts)
        {
            var statuses = _gitlab.StatusesFor(run.Sha).Where(s => s.Context == context).ToList();
            Assert.Equal(["pending", "running", "success"], statuses.Select(s => s.State));
            Assert.All(statuses, s => Assert.Equal($"{run.Owner}/{run.Repository}", s.Repository));
            Assert.All(statuses, s => Assert.Equal($"https://tekton.example.com/#/namespaces/ci/pipelineruns/{run.Name}", s.TargetUrl));
        }
    }
}
