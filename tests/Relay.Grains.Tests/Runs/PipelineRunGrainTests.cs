using Relay.Events;
using Relay.Runs;
using Relay.Grains.Tests;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Runs.Tests;

/// <summary>The run and event grains on a 2-silo cluster, against a fake GitHub. Each test uses its own run and sha.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PipelineRunGrainTests(RelayClusterFixture fixture)
{
    private readonly FakeGitHubServer _github = fixture.GitHub;

    [Fact]
    public async Task Same_event_sent_to_both_silos_at_once_is_accepted_once_and_posted_once()
    {
        var sha = RelayEvents.NewSha();
        var relayEvent = RelayEvents.PipelineRun(NewRun(), CiState.Running, sha);
        var silos = fixture.Cluster.Silos.Select(fixture.GrainFactoryOf).ToArray();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            silos[i % silos.Length].GetGrain<IEventGrain>(relayEvent.EventKey).AcceptAsync(relayEvent)));
        await DrainedAsync(relayEvent.RunKey);

        Assert.Single(outcomes, o => o == AcceptOutcome.Accepted);
        Assert.Equal(7, outcomes.Count(o => o == AcceptOutcome.Duplicate));
        var status = Assert.Single(_github.StatusesFor(sha));
        Assert.Equal(("pending", "tekton/webapp-ci"), (status.State, status.Context));
    }

    [Fact]
    public async Task A_retransmission_reaching_a_fresh_event_grain_is_a_duplicate_answered_by_the_run_s_record()
    {
        // The event grain keeps its mark in memory only: once it is collected, the run grain's stored record answers.
        var sha = RelayEvents.NewSha();
        var relayEvent = RelayEvents.PipelineRun(NewRun(), CiState.Running, sha);
        Assert.Equal(AcceptOutcome.Accepted, await AcceptAsync(relayEvent));
        await DrainedAsync(relayEvent.RunKey);

        foreach (var silo in fixture.Cluster.Silos)
        {
            await fixture.GrainFactoryOf(silo).GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        }

        Assert.Equal(AcceptOutcome.Duplicate, await AcceptAsync(relayEvent));
        await DrainedAsync(relayEvent.RunKey);
        Assert.Single(_github.StatusesFor(sha));
    }

    [Theory]
    [InlineData(24, 24, 24)]
    [InlineData(1, 24, 23)]
    [InlineData(24, 1, 24)]
    [InlineData(2, 3, 2)]
    public void A_forgotten_run_s_tombstone_outlives_its_event_keys_by_dedupe_ttl(int runTtlHours, int dedupeTtlHours, int keptHours)
    {
        var kept = RunRetentionOptions.TombstoneKept(TimeSpan.FromHours(runTtlHours), TimeSpan.FromHours(dedupeTtlHours));

        Assert.Equal(TimeSpan.FromHours(keptHours), kept);
        // The last event is at least run_ttl older than the tombstone: the record outlives it by dedupe_ttl or more.
        Assert.True(TimeSpan.FromHours(runTtlHours) + kept >= TimeSpan.FromHours(dedupeTtlHours));
    }

    [Fact]
    public async Task Reemitted_states_with_new_ids_post_nothing_new()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();
        var started = RelayEvents.PipelineRun(run, CiState.Pending, sha);
        var running = RelayEvents.PipelineRun(run, CiState.Running, sha);
        var success = RelayEvents.PipelineRun(run, CiState.Success, sha, transitionSecond: 83);

        foreach (var relayEvent in new[] { started, running, running.Reemitted(), success, success.Reemitted(), running.Reemitted() })
        {
            Assert.Equal(AcceptOutcome.Accepted, await AcceptAsync(relayEvent));
        }

        await DrainedAsync(started.RunKey);
        Assert.Equal(["pending", "success"], _github.StatusesFor(sha).Select(s => s.State));
    }

    [Fact]
    public async Task Out_of_order_events_end_in_the_right_final_state()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();

        await AcceptAsync(RelayEvents.TaskRun(run, "unit-test", CiState.Success, sha));
        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Success, sha, transitionSecond: 90));
        await AcceptAsync(RelayEvents.TaskRun(run, "unit-test", CiState.Running, sha));
        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Running, sha));
        await AcceptAsync(RelayEvents.TaskRun(run, "unit-test", CiState.Pending, sha));
        await DrainedAsync(PipelineRunKey.For("ci", run));

        var statuses = _github.StatusesFor(sha);
        Assert.Equal(2, statuses.Count);
        Assert.All(statuses, s => Assert.Equal("success", s.State));
        var snapshot = await SnapshotAsync(run);
        Assert.Equal(CiState.Success, snapshot.Pipeline!.State);
        Assert.Equal(CiState.Success, Assert.Single(snapshot.Tasks).State);
    }

    [Fact]
    public async Task Later_terminal_transition_replaces_an_earlier_terminal_state()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();

        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Failure, sha, reason: "Failed", transitionSecond: 10));
        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Success, sha, transitionSecond: 5));
        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Success, sha, transitionSecond: 20));
        await DrainedAsync(PipelineRunKey.For("ci", run));

        Assert.Equal(["failure", "success"], _github.StatusesFor(sha).Select(s => s.State));
    }

    [Fact]
    public async Task Pipeline_and_task_contexts_carry_description_and_dashboard_link()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();

        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Running, sha));
        await AcceptAsync(RelayEvents.TaskRun(run, "build", CiState.Running, sha));
        await AcceptAsync(RelayEvents.TaskRun(run, "build", CiState.Success, sha));
        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Success, sha, transitionSecond: 83));
        await DrainedAsync(PipelineRunKey.For("ci", run));

        // In order per context; contexts are independent and may be sent together.
        var statuses = _github.StatusesFor(sha);
        Assert.Equal(
            [("pending", "webapp-ci is in progress"), ("success", "webapp-ci succeeded in 1m 23s")],
            statuses.Where(s => s.Context == "tekton/webapp-ci").Select(s => (s.State!, s.Description!)));
        Assert.Equal(
            [("pending", "build is in progress"), ("success", "build succeeded in 30s")],
            statuses.Where(s => s.Context == "tekton/webapp-ci/build").Select(s => (s.State!, s.Description!)));
        Assert.Equal(4, statuses.Count);
        Assert.All(statuses, s => Assert.Equal($"{RelayClusterFixture.DashboardUrl}/#/namespaces/ci/pipelineruns/{run}", s.TargetUrl));
        Assert.All(statuses, s => Assert.Equal($"Token {RelayClusterFixture.Token}", s.Authorization));
        Assert.All(statuses, s => Assert.Equal($"/repos/acme/webapp/statuses/{sha}", s.Path));
    }

    [Fact]
    public async Task Run_without_a_target_is_recorded_and_posts_nothing()
    {
        var run = NewRun();
        var relayEvent = RelayEvents.PipelineRun(run, CiState.Running, "unused") with { Scm = null };

        Assert.Equal(AcceptOutcome.Accepted, await AcceptAsync(relayEvent));

        var snapshot = await SnapshotAsync(run);
        Assert.True(snapshot.Exists);
        Assert.Empty(snapshot.Ledger);
        Assert.Equal(0, snapshot.OutboxDepth);
    }

    [Fact]
    public async Task Unknown_provider_posts_nothing()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();
        var relayEvent = RelayEvents.PipelineRun(run, CiState.Running, sha, scm: RelayEvents.Target(sha) with { Provider = "gitlab" });

        await AcceptAsync(relayEvent);

        Assert.Empty((await SnapshotAsync(run)).Ledger);
    }

    [Fact]
    public async Task Transient_github_failures_are_retried_until_delivered_once()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();
        _github.FailNext(2, 502);

        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Running, sha));
        await DrainedAsync(PipelineRunKey.For("ci", run));

        Assert.Single(_github.StatusesFor(sha));
        var ledger = Assert.Single((await SnapshotAsync(run)).Ledger);
        Assert.Equal("delivered", ledger.Delivery);
    }

    [Fact]
    public async Task Permanent_github_failure_is_not_retried_and_marked_failed()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();
        _github.FailNext(1, 422, body: "{\"message\":\"Validation Failed\"}");

        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Running, sha));
        await DrainedAsync(PipelineRunKey.For("ci", run));

        Assert.Single(_github.Requests, r => r.Sha == sha);
        var ledger = Assert.Single((await SnapshotAsync(run)).Ledger);
        Assert.Equal("failed", ledger.Delivery);
        Assert.Contains("422", ledger.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Applying_the_same_event_twice_records_it_once()
    {
        var sha = RelayEvents.NewSha();
        var relayEvent = RelayEvents.PipelineRun(NewRun(), CiState.Running, sha);
        var runGrain = fixture.Cluster.GrainFactory.GetGrain<IPipelineRunGrain>(relayEvent.RunKey);

        Assert.Equal(ApplyOutcome.Recorded, await runGrain.ApplyAsync(relayEvent));
        Assert.Equal(ApplyOutcome.AlreadyRecorded, await runGrain.ApplyAsync(relayEvent));
    }

    private static string NewRun() => "run-" + Guid.NewGuid().ToString("N")[..12];

    private Task<AcceptOutcome> AcceptAsync(RelayEvent relayEvent) =>
        fixture.Cluster.GrainFactory.GetGrain<IEventGrain>(relayEvent.EventKey).AcceptAsync(relayEvent);

    private Task<RunSnapshot> SnapshotAsync(string run) =>
        fixture.Cluster.GrainFactory.GetGrain<IPipelineRunGrain>(PipelineRunKey.For("ci", run)).GetSnapshotAsync();

    private Task DrainedAsync(string runKey)
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<IPipelineRunGrain>(runKey);
        RunSnapshot? last = null;
        return Wait.UntilAsync(
            async () => (last = await grain.GetSnapshotAsync()).OutboxDepth == 0,
            () => $"outbox of {runKey} to drain; still {last?.OutboxDepth} entries");
    }
}
