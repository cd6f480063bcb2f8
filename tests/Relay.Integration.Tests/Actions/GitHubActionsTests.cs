using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Relay.Grains.Runs;
using Relay.Integration.Tests.DeadLetters;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>
/// The whole GitHub action set (SPEC §4–5) against a fake GitHub over real HTTP: one PR pipeline run leaves one check
/// run updated to its conclusion, one self-updating PR comment, statuses per context, labels, a deployment and
/// comments — each exactly once, also while GitHub answers 429 and 502 for a while.
/// </summary>
public sealed class GitHubActionsTests : IAsyncLifetime
{
    private const string Token = "ghp_actions_token";
    private string _tokenFile = "";
    private FakeGitHubServer _github = null!;
    private RelayNode _relay = null!;

    public static string Config(string baseUrl, string tokenFile) => $$$"""
        dashboard_url: https://tekton.example.com
        scm:
          github:
            - name: github
              base_url: {{{baseUrl}}}
              auth:
                token_file: {{{tokenFile}}}
              resilience:
                base_delay: 100ms
                circuit_breaker:
                  minimum_throughput: 1000   # the fault bursts here test retries; the breaker has its own tests
              actions:
                - name: statuses
                  type: commit_status
                  context_per_task: true
                - name: checks
                  type: check_run
                - name: summary
                  type: pr_comment
                - name: verdict
                  type: pr_comment
                  mode: create
                  when: "stateIn('success', 'failure')"
                  template: "{{ emoji }} **{{ pipeline }}** {{ state }}: {{ counts.succeeded }}/{{ counts.total }} tasks passed"
                - name: labels
                  type: label
                  add: ["ci/{{ state }}"]
                - name: preview
                  type: deployment_status
                  environment: "preview-{{ pr_number }}"
                  environment_url: "https://pr-{{ pr_number }}.preview.example.com"
                  when: isPR()
                - name: note
                  type: commit_comment
                  template: "{{ pipeline }} {{ state }} in {{ duration }}"
        """;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync("/api/v3/");
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, Token);
        _relay = await RelayNode.StartAsync(Config(_github.BaseUrl, _tokenFile), builder =>
            builder.Services.Configure<OutboxOptions>(o =>
            {
                o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                o.MaxBackoff = TimeSpan.FromMilliseconds(500);
                o.MaxAttempts = 10;
            }));
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task A_pr_run_leaves_one_check_run_one_edited_comment_statuses_labels_a_deployment_and_comments_each_once()
    {
        var run = new TektonRun("actions-" + Guid.NewGuid().ToString("N")[..8]);
        var events = run.SuccessfulLifecycle("lint", "build", "test");
        // The run's first events, then (once the comment exists) the rest: the comment must be seen edited as the run goes.
        await DeliverAsync(events.Take(2));
        await Wait.UntilAsync(
            () => _github.Comments.Any(c => c.Body.Contains($"<!-- relay:github/summary:{run.Namespace}/{run.Name}", StringComparison.Ordinal)),
            () => "the run's comment to be created");
        await DeliverAsync(events.Skip(2));
        await WaitUntilSettledAsync(run, expectedDelivered: 10);

        AssertFinalEffects(run);

        // The check run is searched for (by external_id) once, created once, then only updated in place.
        var checkRoutes = _github.Routes(r => r.Route.Contains("check-runs", StringComparison.Ordinal));
        Assert.Equal($"GET /repos/acme/webapp/commits/{run.Sha}/check-runs", checkRoutes[0]);
        Assert.Equal("POST /repos/acme/webapp/check-runs", checkRoutes[1]);
        Assert.All(checkRoutes.Skip(2), r => Assert.StartsWith("PATCH /repos/acme/webapp/check-runs/", r, StringComparison.Ordinal));
        var check = Assert.Single(_github.CheckRuns);
        Assert.Contains((string?)check.Versions[0]["status"], new[] { "queued", "in_progress" });
        Assert.Equal($"ci/{run.Name}", check.ExternalId);

        // The upserted comment: the marker search lists the PR's comments once, then one POST and only PATCHes of that comment.
        var comment = Assert.Single(_github.Comments, c => c.Body.Contains("<!-- relay:github/summary:", StringComparison.Ordinal));
        var commentRoutes = _github.Routes(r => r.Route.Contains("/issues/", StringComparison.Ordinal) && r.Route.Contains("comments", StringComparison.Ordinal)
            && !r.Body.Contains("tasks passed", StringComparison.Ordinal));
        Assert.Equal("GET /repos/acme/webapp/issues/42/comments", commentRoutes[0]);
        Assert.Equal("POST /repos/acme/webapp/issues/42/comments", commentRoutes[1]);
        Assert.All(commentRoutes.Skip(2), r => Assert.Equal($"PATCH /repos/acme/webapp/issues/comments/{comment.Id}", r));
        Assert.Equal(commentRoutes.Count - 1, comment.Bodies.Count);
        Assert.True(comment.Bodies.Count >= 2, $"the comment was edited as the run progressed ({comment.Bodies.Count} versions)");
        Assert.All(_github.Requests, r => Assert.Equal($"Token {Token}", r.Authorization));

        // Replaying every event changes nothing at GitHub.
        var before = _github.Requests.Count;
        await DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test").Select(e => e.Reemitted()));
        await WaitUntilSettledAsync(run, expectedDelivered: 10);
        Assert.Equal(before, _github.Requests.Count);
    }

    [Fact]
    public async Task The_same_run_while_github_answers_429_and_502_for_a_while_still_leaves_each_effect_exactly_once()
    {
        var run = new TektonRun("flaky-" + Guid.NewGuid().ToString("N")[..8]);
        _github.FailNext(2, 429, new Dictionary<string, string> { ["Retry-After"] = "1" }, routeContains: "check-runs");
        _github.FailNext(3, 502, routeContains: "/issues/42/comments");
        _github.FailNext(2, 502, routeContains: "/labels");
        _github.FailNext(2, 503, routeContains: "/deployments");
        _github.FailNext(2, 502, routeContains: "/statuses/");

        await DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        await WaitUntilSettledAsync(run, expectedDelivered: 10, deadline: TimeSpan.FromSeconds(60));

        Assert.Contains(_github.Requests, r => r.Failed && r.StatusCode == 429);
        Assert.Contains(_github.Requests, r => r.Failed && r.StatusCode == 502);
        AssertFinalEffects(run);
    }

    [Fact]
    public async Task A_failed_run_concludes_the_check_run_as_failure_with_the_failing_task_in_the_summary()
    {
        var run = new TektonRun("failing-" + Guid.NewGuid().ToString("N")[..8]);
        await DeliverAsync(
        [
            run.PipelineRunEvent("started"),
            run.PipelineRunEvent("running"),
            run.TaskRunEvent("unit", "started", minute: 1),
            run.TaskRunEvent("unit", "failed", reason: "Failed", message: "3 tests failed", minute: 2),
            run.PipelineRunEvent("failed", reason: "Failed", message: "Tasks Completed: 1 (Failed: 1)", minute: 3),
        ]);
        await WaitUntilSettledAsync(run, expectedDelivered: 8);

        var check = Assert.Single(_github.CheckRuns);
        Assert.Equal(("completed", "failure"), (check.Status, check.Conclusion));
        Assert.Contains("| unit | ❌ failure |", check.Summary, StringComparison.Ordinal);
        Assert.Equal(["ci/failure"], _github.LabelsOn("acme", "webapp", 42));
        Assert.Equal("failure", Assert.Single(_github.Deployments).Statuses[^1].State);
        // A create-mode comment is the rendered template behind a hidden per-state marker (found again after an unclear create).
        Assert.Contains(_github.Comments, c => c.Body == $"<!-- relay:github/verdict:ci/{run.Name}:failure -->\n❌ **webapp-ci** failure: 0/1 tasks passed");
    }

    [Fact]
    public async Task Upsert_finds_its_comment_by_marker_across_pages_when_the_stored_id_is_gone()
    {
        // Another bot's comments fill several pages; Relay's comment from an earlier life of this run sits at the end.
        var run = new TektonRun("paged-" + Guid.NewGuid().ToString("N")[..8]);
        _github.SeedComments("acme", "webapp", 42, 230);
        _github.SeedComments("acme", "webapp", 42, 1, _ => $"<!-- relay:github/summary:ci/{run.Name} -->\nold summary");
        var mine = _github.Comments.Single(c => c.Body.Contains("old summary", StringComparison.Ordinal));

        await DeliverAsync(run.SuccessfulLifecycle("lint"));
        await WaitUntilSettledAsync(run, expectedDelivered: 8);

        Assert.Single(_github.Comments, c => c.Body.Contains($"relay:github/summary:ci/{run.Name}", StringComparison.Ordinal));
        Assert.Contains("| lint | ✅ success |", _github.Comments.Single(c => c.Id == mine.Id).Body, StringComparison.Ordinal);
        Assert.Contains(_github.Requests, r => r.Route == "GET /repos/acme/webapp/issues/42/comments" && r.Query.Contains("page=3", StringComparison.Ordinal));
        Assert.DoesNotContain(_github.Requests, r => r.Route == "POST /repos/acme/webapp/issues/42/comments" && r.Body.Contains("relay:github/summary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Permanent_failures_wait_in_the_dead_letter_store_and_a_replay_completes_them_without_duplicates()
    {
        var run = new TektonRun("dead-" + Guid.NewGuid().ToString("N")[..8]);
        _github.FailNext(200, 422, body: "{\"message\":\"Validation Failed\"}", routeContains: "/issues/42/comments");
        _github.FailNext(200, 403, body: "{\"message\":\"Resource not accessible by integration\"}", routeContains: "check-runs");

        await DeliverAsync(run.SuccessfulLifecycle("lint", "build", "test"));
        var letters = await _relay.WaitForDeadLettersAsync(run, l => l.Length > 0 && l.Any(x => x.GetProperty("action").GetString() == "github/verdict"));

        // Every other effect went through; the comments and the check run sit in the store with GitHub's answer.
        Assert.Equal(["pending", "success"], _github.StatusesFor(run.Sha).Where(s => s.Context == "tekton/webapp-ci").Select(s => s.State));
        Assert.Empty(_github.CheckRuns);
        Assert.Empty(_github.Comments);
        Assert.Contains(letters, l => l.GetProperty("action").GetString() == "github/checks" && l.GetProperty("status_code").GetInt32() == 403);
        Assert.All(letters.Where(l => l.GetProperty("type").GetString() == "pr_comment"), l =>
        {
            Assert.Equal(422, l.GetProperty("status_code").GetInt32());
            Assert.Contains("422", l.GetProperty("cause").GetString(), StringComparison.Ordinal);
        });

        // GitHub is fixed; the operator replays everything of this run.
        _github.ClearFaults();
        using (var replay = await _relay.Http.PostAsync($"/api/v1/dead-letters/replay?run={run.Namespace}/{run.Name}", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        await _relay.WaitForDeadLettersAsync(run, l => l.Length == 0);
        await WaitUntilSettledAsync(run, expectedDelivered: 10);

        // Each effect exactly once, with the run's final content: older superseded failures posted nothing.
        AssertFinalEffects(run);
        var summary = Assert.Single(_github.Comments, c => c.Body.Contains("<!-- relay:github/summary:", StringComparison.Ordinal));
        Assert.Single(summary.Bodies);
        Assert.Single(Assert.Single(_github.CheckRuns).Versions);

        // A second replay finds nothing to do.
        using var again = await _relay.Http.PostAsync($"/api/v1/dead-letters/replay?run={run.Namespace}/{run.Name}", null);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(0, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("replayed").GetInt32());
    }

    [Fact]
    public async Task A_run_that_points_scm_api_base_url_at_another_host_gets_nothing_sent_there()
    {
        await using var elsewhere = await FakeGitHubServer.StartAsync();
        var run = new TektonRun("redirect-" + Guid.NewGuid().ToString("N")[..8])
        {
            ApiBaseUrl = elsewhere.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal),
        };

        await DeliverAsync([run.PipelineRunEvent("started"), run.PipelineRunEvent("successful", minute: 1)]);
        var letters = await _relay.WaitForDeadLettersAsync(run, l => l.Any(x => x.GetProperty("type").GetString() == "commit_status"));

        Assert.Empty(elsewhere.Requests);
        Assert.DoesNotContain(_github.Requests, r => r.Body.Contains(run.Sha, StringComparison.Ordinal) || r.Path.Contains(run.Sha, StringComparison.Ordinal));
        Assert.Contains("scm.api-base-url", letters.First(l => l.GetProperty("type").GetString() == "commit_status").GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    private void AssertFinalEffects(TektonRun run)
    {
        // Statuses: pending then success, once per context.
        foreach (var context in new[] { "tekton/webapp-ci", "tekton/webapp-ci/lint", "tekton/webapp-ci/build", "tekton/webapp-ci/test" })
        {
            Assert.Equal(["pending", "success"], _github.StatusesFor(run.Sha).Where(s => s.Context == context).Select(s => s.State));
        }

        // One check run, completed with success, its summary the task table.
        var check = Assert.Single(_github.CheckRuns);
        Assert.Equal(("tekton/webapp-ci", run.Sha, "completed", "success"), (check.Name, check.HeadSha, check.Status, check.Conclusion));
        Assert.Equal("webapp-ci succeeded", check.Title);
        foreach (var task in new[] { "lint", "build", "test" })
        {
            Assert.Contains($"| {task} | ✅ success |", check.Summary, StringComparison.Ordinal);
        }

        Assert.Contains($"https://tekton.example.com/#/namespaces/ci/pipelineruns/{run.Name}", check.Summary, StringComparison.Ordinal);

        // One summary comment edited in place, ending with every task green; one verdict comment at the end.
        var summary = Assert.Single(_github.Comments, c => c.Body.Contains("<!-- relay:github/summary:", StringComparison.Ordinal));
        Assert.Contains("### ✅ Pipeline `webapp-ci` succeeded", summary.Body, StringComparison.Ordinal);
        var verdict = Assert.Single(_github.Comments, c => c.Body.Contains("tasks passed", StringComparison.Ordinal));
        Assert.Equal($"<!-- relay:github/verdict:ci/{run.Name}:success -->\n✅ **webapp-ci** success: 3/3 tasks passed", verdict.Body);

        // Labels: the state label of the end only; the earlier one was taken back.
        Assert.Equal(["ci/success"], _github.LabelsOn("acme", "webapp", 42));

        // One deployment for the PR's environment; its statuses follow the run without repeats.
        var deployment = Assert.Single(_github.Deployments);
        Assert.Equal(("preview-42", run.Sha), (deployment.Environment, deployment.Sha));
        Assert.Equal(["queued", "in_progress", "success"], deployment.Statuses.Select(s => s.State));
        Assert.Equal("https://pr-42.preview.example.com", deployment.Statuses[^1].EnvironmentUrl);

        // Commit comment: once, when the run finished.
        var note = Assert.Single(_github.CommitComments);
        Assert.Equal(run.Sha, note.Sha);
        Assert.StartsWith($"<!-- relay:github/note:ci/{run.Name}:success -->\nwebapp-ci success in ", note.Body, StringComparison.Ordinal);
    }

    private async Task DeliverAsync(IEnumerable<TektonHttpEvent> events)
    {
        foreach (var tektonEvent in events)
        {
            using var response = await _relay.PostAsync(tektonEvent);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    /// <summary>Until the run's outbox is empty and <paramref name="expectedDelivered"/> ledger rows are delivered.</summary>
    private async Task WaitUntilSettledAsync(TektonRun run, int expectedDelivered, TimeSpan? deadline = null)
    {
        JsonElement snapshot = default;
        await Wait.UntilAsync(
            async () =>
            {
                snapshot = await _relay.Http.GetFromJsonElementAsync($"/api/v1/runs/{run.Namespace}/{run.Name}");
                var ledger = snapshot.GetProperty("ledger").EnumerateArray().ToArray();
                return snapshot.GetProperty("outbox_depth").GetInt32() == 0
                    && ledger.Length == expectedDelivered
                    && ledger.All(l => l.GetProperty("delivery").GetString() == "delivered");
            },
            () => $"{expectedDelivered} delivered rows and an empty outbox; got {snapshot}",
            deadline);
    }
}
