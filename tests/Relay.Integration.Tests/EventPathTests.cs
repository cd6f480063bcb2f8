using System.Net;
using System.Text.Json;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests;

/// <summary>
/// The event path as executable specifications: real HTTP into an all-in-one Relay node, a fake GitHub out,
/// the exact requests asserted.
/// </summary>
[Collection(GitHubRelayCollection.Name)]
public sealed class EventPathTests(GitHubRelayFixture fixture)
{
    private const string PrSha = "3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d";
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task Pr_fixtures_post_pending_then_success_for_every_context_exactly_once()
    {
        await AssertPendingThenSuccessOnceAsync(
            TektonSamples.Fixtures.Where(s => s.Name.StartsWith("pr-", StringComparison.Ordinal)),
            "acme/shop", PrSha, "ci/shop-pr-7-q4w8z", ["tekton/shop-ci", "tekton/shop-ci/unit", "tekton/shop-ci/approve"]);
    }

    [Fact]
    public async Task Shared_pr_samples_post_pending_then_success_for_every_context_exactly_once_when_present()
    {
        // The extra corpus beside the repository (../shared/samples): one PipelineRun ci/webapp-pr-42-x7k2p.
        var samples = TektonSamples.Shared.Where(s => s.Name.StartsWith("pr-", StringComparison.Ordinal)).ToList();
        if (samples.Count > 0)
        {
            await AssertPendingThenSuccessOnceAsync(samples, "acme/webapp", "9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920", "ci/webapp-pr-42-x7k2p",
                ["tekton/webapp-ci", "tekton/webapp-ci/unit-test", "tekton/webapp-ci/approve-deploy"]);
        }
    }

    [Fact]
    public async Task Runs_without_relay_annotations_are_accepted_and_post_nothing()
    {
        var before = _github.Requests.Count(r => r.Owner != "acme");
        foreach (var sample in TektonSamples.All.Where(s => s.Name.StartsWith("plain-", StringComparison.Ordinal) || s.Name.StartsWith("real-", StringComparison.Ordinal)))
        {
            using var response = await _relay.PostAsync(sample);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("accepted", await OutcomeAsync(response));
        }

        using var run = await _relay.Http.GetAsync("/api/v1/runs/builds/nightly-release-m2n5p");
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        Assert.Equal(before, _github.Requests.Count(r => r.Owner != "acme"));
    }

    private async Task AssertPendingThenSuccessOnceAsync(IEnumerable<TektonHttpEvent> events, string repository, string sha, string run, string[] contexts)
    {
        foreach (var sample in events)
        {
            using var response = await _relay.PostAsync(sample);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Wait.UntilAsync(
            () => _github.StatusesFor(sha).Count(s => s.State == "success") == contexts.Length,
            () => $"a success status for each of {string.Join(", ", contexts)}; got {Describe(_github.StatusesFor(sha))}");

        var statuses = _github.StatusesFor(sha);
        foreach (var context in contexts)
        {
            Assert.Equal(["pending", "success"], statuses.Where(s => s.Context == context).Select(s => s.State));
        }

        Assert.Equal(contexts.Length * 2, statuses.Count);
        var (ns, name) = (run.Split('/')[0], run.Split('/')[1]);
        Assert.All(statuses, s =>
        {
            Assert.Equal($"/gh/api/repos/{repository}/statuses/{sha}", s.Path);
            Assert.Equal($"Token {GitHubRelayFixture.Token}", s.Authorization);
            Assert.Equal($"https://tekton.example.com/#/namespaces/{ns}/pipelineruns/{name}", s.TargetUrl);
            Assert.InRange(s.Description!.Length, 1, 140);
        });
    }

    [Fact]
    public async Task Synthetic_run_with_retransmissions_reemissions_and_disorder_posts_each_status_once()
    {
        var run = new TektonRun("e2e-" + Guid.NewGuid().ToString("N")[..10]);
        var lifecycle = run.SuccessfulLifecycle("lint", "build", "test");
        var deliveries = new List<TektonHttpEvent>();
        foreach (var tektonEvent in lifecycle)
        {
            deliveries.Add(tektonEvent);
            deliveries.Add(tektonEvent);             // transport retry: same ce-id
            deliveries.Add(tektonEvent.Reemitted()); // controller restart: new ce-id
        }

        // Shuffle within each task's events but keep the pipeline's start first, as several receivers would.
        var shuffled = deliveries.Take(6).Concat(deliveries.Skip(6).OrderBy(_ => Random.Shared.Next())).ToList();
        var outcomes = new List<string>();
        foreach (var delivery in shuffled)
        {
            using var response = await _relay.PostAsync(delivery);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            outcomes.Add(await OutcomeAsync(response));
        }

        await Wait.UntilAsync(
            () => _github.StatusesFor(run.Sha).Count(s => s.State == "success") == 4,
            () => $"success for the pipeline and 3 tasks; got {Describe(_github.StatusesFor(run.Sha))}");
        var statuses = _github.StatusesFor(run.Sha);
        Assert.Equal(statuses.Count, statuses.Select(s => (s.Context, s.State)).Distinct().Count());
        Assert.All(statuses.GroupBy(s => s.Context), g => Assert.Equal("success", g.Last().State));
        Assert.Equal(lifecycle.Count, outcomes.Count(o => o == "duplicate"));
    }

    [Fact]
    public async Task In_order_run_shows_pending_before_the_end_state_on_every_context()
    {
        var run = new TektonRun("order-" + Guid.NewGuid().ToString("N")[..10]) { Context = "ci/relay" };
        foreach (var tektonEvent in run.SuccessfulLifecycle("build"))
        {
            using var response = await _relay.PostAsync(tektonEvent);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Wait.UntilAsync(
            () => _github.StatusesFor(run.Sha).Count == 4,
            () => $"4 statuses; got {Describe(_github.StatusesFor(run.Sha))}");
        Assert.Equal(
            [("ci/relay", "pending"), ("ci/relay/build", "pending"), ("ci/relay/build", "success"), ("ci/relay", "success")],
            _github.StatusesFor(run.Sha).Select(s => (s.Context!, s.State!)));
    }

    [Fact]
    public async Task Failed_task_and_failed_pipeline_post_failure_with_the_reason()
    {
        var run = new TektonRun("fail-" + Guid.NewGuid().ToString("N")[..10]);
        TektonHttpEvent[] events =
        [
            run.PipelineRunEvent("running"),
            run.TaskRunEvent("test", "running"),
            run.TaskRunEvent("test", "failed", "Failed", "\"step-test\" exited with code 1: Error"),
            run.PipelineRunEvent("failed", "Failed", "Tasks Completed: 1 (Failed: 1, Cancelled 0), Skipped: 0", minute: 3),
        ];
        foreach (var tektonEvent in events)
        {
            using var response = await _relay.PostAsync(tektonEvent);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 4, () => Describe(_github.StatusesFor(run.Sha)));
        var task = _github.StatusesFor(run.Sha).Last(s => s.Context == "tekton/webapp-ci/test");
        Assert.Equal("failure", task.State);
        Assert.Equal("test failed: \"step-test\" exited with code 1: Error", task.Description);
    }

    [Fact]
    public async Task Canceled_and_timed_out_runs_are_told_apart_by_reason()
    {
        var canceled = new TektonRun("cancel-" + Guid.NewGuid().ToString("N")[..10]);
        var timedOut = new TektonRun("timeout-" + Guid.NewGuid().ToString("N")[..10]);

        (await _relay.PostAsync(canceled.PipelineRunEvent("failed", "Cancelled", "PipelineRun was cancelled"))).Dispose();
        (await _relay.PostAsync(timedOut.PipelineRunEvent("failed", "PipelineRunTimeout", "failed to finish within 1h0m0s"))).Dispose();

        await Wait.UntilAsync(
            () => _github.StatusesFor(canceled.Sha).Count == 1 && _github.StatusesFor(timedOut.Sha).Count == 1,
            () => "one status each for the canceled and the timed-out run");
        Assert.Equal(("error", "webapp-ci was canceled"), (_github.StatusesFor(canceled.Sha)[0].State, _github.StatusesFor(canceled.Sha)[0].Description));
        Assert.Equal(("failure", "webapp-ci timed out"), (_github.StatusesFor(timedOut.Sha)[0].State, _github.StatusesFor(timedOut.Sha)[0].Description));
    }

    [Fact]
    public async Task Unannotated_synthetic_run_posts_nothing_but_is_recorded()
    {
        var run = new TektonRun("plain-" + Guid.NewGuid().ToString("N")[..10]) { Annotated = false };

        foreach (var tektonEvent in run.SuccessfulLifecycle("build"))
        {
            using var response = await _relay.PostAsync(tektonEvent);
            Assert.Equal("accepted", await OutcomeAsync(response));
        }

        var snapshot = await _relay.Http.GetFromJsonElementAsync($"/api/v1/runs/ci/{run.Name}");
        Assert.Equal("success", snapshot.GetProperty("pipeline").GetProperty("state").GetString());
        Assert.Equal(0, snapshot.GetProperty("ledger").GetArrayLength());
        Assert.Empty(_github.StatusesFor(run.Sha));
    }

    [Fact]
    public async Task Same_delivery_twice_answers_duplicate_the_second_time()
    {
        var tektonEvent = new TektonRun("dup-" + Guid.NewGuid().ToString("N")[..10]).PipelineRunEvent("running");

        using var first = await _relay.PostAsync(tektonEvent);
        using var second = await _relay.PostAsync(tektonEvent);

        Assert.Equal(("accepted", "duplicate"), (await OutcomeAsync(first), await OutcomeAsync(second)));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Structured_mode_event_is_accepted()
    {
        var tektonEvent = new TektonRun("structured-" + Guid.NewGuid().ToString("N")[..10]).PipelineRunEvent("running");
        var envelope = new Dictionary<string, object>
        {
            ["specversion"] = "1.0",
            ["id"] = tektonEvent.Id,
            ["source"] = tektonEvent.Headers["ce-source"],
            ["type"] = tektonEvent.Type,
            ["datacontenttype"] = "application/json",
            ["data"] = JsonDocument.Parse(tektonEvent.Body).RootElement,
        };

        using var response = await _relay.PostRawAsync(JsonSerializer.Serialize(envelope), "application/cloudevents+json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("accepted", await OutcomeAsync(response));
    }

    [Theory]
    [InlineData("dev.tekton.event.triggers.started.v1")]
    [InlineData("dev.tekton.event.run.started.v1")]
    public async Task Other_tekton_types_are_accepted_as_unsupported(string type)
    {
        var headers = new Dictionary<string, string> { ["ce-id"] = "x1", ["ce-source"] = "/el", ["ce-specversion"] = "1.0", ["ce-type"] = type };

        using var response = await _relay.PostRawAsync("{\"headers\":{}}", headers: headers);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unsupported", await OutcomeAsync(response));
    }

    [Fact]
    public async Task Unknown_run_is_404_in_the_api()
    {
        using var response = await _relay.Http.GetAsync("/api/v1/runs/ci/never-seen");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Dashboard_is_served_under_its_prefix()
    {
        using var response = await _relay.Http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("html", (await response.Content.ReadAsStringAsync()).ToLowerInvariant(), StringComparison.Ordinal);
    }

    internal static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("outcome").GetString()!;
    }

    private static string Describe(IEnumerable<RecordedRequest> statuses) =>
        "[" + string.Join("; ", statuses.Select(s => $"{s.Context}={s.State}")) + "]";
}
