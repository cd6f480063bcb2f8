using System.Diagnostics;
using Relay.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Relay.Integration.Tests.Cluster;

/// <summary>
/// Several replicas behave like one correct relay, also while silos are replaced one by one and while one dies
/// without warning: every expected status arrives exactly once, and Tekton only ever sees 200 or 503.
/// </summary>
public sealed class ClusterFailoverTests(RedisAndGitHub environment, ITestOutputHelper output) : IClassFixture<RedisAndGitHub>
{
    private readonly RedisServer _redis = environment.Redis;
    private readonly FakeGitHubServer _github = environment.GitHub;
    private readonly string _tokenFile = environment.TokenFile;

    [Fact]
    public async Task Rolling_restart_and_a_killed_silo_lose_nothing_and_post_nothing_twice()
    {
        await using var cluster = await RedisTestCluster.StartAsync(3, _redis.ConnectionString, "relay-failover", RelayClusterFixture.RelaySettings(_github.BaseUrl, _tokenFile));
        var traffic = new TektonTraffic(runs: 300, tasksPerRun: 3, prefix: "roll") { BackoffScale = 2 };
        var delivery = traffic.DeliverAsync(cluster.SendAsync, concurrency: 12, seed: 42, CancellationToken.None);

        await Wait.UntilAsync(() => traffic.Records.Count > 300 || delivery.IsCompleted, () => "traffic to be under way");
        var rolling = Stopwatch.StartNew();
        foreach (var old in cluster.Cluster.Silos.ToArray())
        {
            await cluster.StartSiloAsync();
            await cluster.StopGracefullyAsync(old);
        }

        rolling.Stop();
        output.WriteLine($"rolling restart of 3 silos (start replacement, drain, stop, one by one): {rolling.Elapsed.TotalSeconds:0.0} s");

        await Wait.UntilAsync(() => traffic.Records.Count > 2000 || delivery.IsCompleted, () => "more traffic before the kill");
        Assert.False(delivery.IsCompleted, "the kill must happen while events flow");
        var victim = cluster.Accepting[0];
        var killed = Stopwatch.StartNew();
        await cluster.KillAsync(victim);
        await Wait.UntilAsync(
            async () => !(await cluster.ActiveSilosAsync()).Contains(victim.SiloAddress),
            () => $"membership to declare {victim.SiloAddress} dead",
            TimeSpan.FromSeconds(30));
        output.WriteLine($"failover: killed silo declared dead after {killed.Elapsed.TotalSeconds:0.00} s");
        await cluster.StartSiloAsync();

        await delivery.WaitAsync(TimeSpan.FromMinutes(4));

        // A pending status whose attempt died with a silo (stopped or killed mid-call) is held back, and a success
        // queued behind it for the same context replaces it unsent: newest state wins, the final state is never lost.
        await AssertEveryContextPostedOnceAsync(cluster, traffic, heldBackPendingMayBeDropped: true);
        var slowest = traffic.Records.Max(r => r.Elapsed);
        var retried = traffic.Records.Count(r => r.Attempts.Count > 1);
        output.WriteLine($"{traffic.Records.Count} deliveries, {retried} needed retries, slowest {slowest.TotalSeconds:0.00} s, {_github.Statuses.Count} statuses");
    }

    [Fact]
    public async Task Full_restart_finishes_the_interrupted_outbox_and_replays_post_nothing_again()
    {
        var settings = new Dictionary<string, string>(RelayClusterFixture.RelaySettings(_github.BaseUrl, _tokenFile))
        {
            ["test:initial_backoff_ms"] = "1000",
            ["test:max_backoff_ms"] = "3000",
            ["test:max_attempts"] = "1000",
        };
        var traffic = new TektonTraffic(runs: 20, tasksPerRun: 1, prefix: "restart");
        var clock = Stopwatch.StartNew();
        var runs = traffic.Runs.ToHashSet();
        var plans = new Dictionary<TektonRun, IReadOnlyList<TektonHttpEvent>>();
        var random = new Random(7);
        foreach (var run in traffic.Runs)
        {
            plans[run] = traffic.DeliveriesOf(run, random);
        }

        await using (var first = await RedisTestCluster.StartAsync(2, _redis.ConnectionString, "relay-restart", settings))
        {
            // GitHub is down: every status stays in the outboxes while the events are acknowledged.
            _github.FailNext(100_000, 503);
            await Parallel.ForEachAsync(plans.Values, async (deliveries, ct) =>
            {
                foreach (var tektonEvent in deliveries)
                {
                    Assert.Equal(200, await first.SendAsync(tektonEvent, ct));
                }
            });
            output.WriteLine($"events acknowledged while GitHub was down: {clock.Elapsed.TotalSeconds:0.0} s");

            var pending = await first.SnapshotAsync(traffic.Runs[0]);
            Assert.True(pending.OutboxDepth > 0, "the outbox should hold undelivered statuses before the restart");
        }

        _github.ClearFaults();
        var failedBefore = _github.Requests.Count;
        output.WriteLine($"first cluster stopped: {clock.Elapsed.TotalSeconds:0.0} s");
        await using var second = await RedisTestCluster.StartAsync(2, _redis.ConnectionString, "relay-restart", settings);
        output.WriteLine($"second cluster started: {clock.Elapsed.TotalSeconds:0.0} s");

        // Nothing is sent to the new cluster: reminders alone bring the run grains back to drain their outboxes. A pending
        // state that failed while GitHub was down is replaced unsent by its context's success (it was held back).
        await Wait.UntilAsync(
            () => traffic.Runs.All(r => SuccessOnEveryContext(traffic, r)),
            () => $"every run's success statuses after the restart; {traffic.Runs.Count(r => SuccessOnEveryContext(traffic, r))} of {traffic.Runs.Count} complete",
            TimeSpan.FromSeconds(90));

        output.WriteLine($"outboxes drained by the new silos: {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var tektonEvent in plans.Values.SelectMany(d => d))
        {
            Assert.Equal(200, await second.SendAsync(tektonEvent, CancellationToken.None));
        }

        await AssertEveryContextPostedOnceAsync(second, traffic, heldBackPendingMayBeDropped: true);
        output.WriteLine($"{failedBefore} GitHub calls failed while it was down; {_github.Statuses.Count} statuses delivered after the restart");
    }

    private bool SuccessOnEveryContext(TektonTraffic traffic, TektonRun run) =>
        traffic.ContextsOf(run).All(context => _github.StatusesFor(run.Sha).Any(s => s.Context == context && s.State == "success"));

    private async Task AssertEveryContextPostedOnceAsync(RedisTestCluster cluster, TektonTraffic traffic, bool heldBackPendingMayBeDropped = false)
    {
        Assert.Empty(cluster.Faults);
        Assert.All(traffic.Records, r => Assert.All(r.Attempts, a => Assert.True(a is null or 200 or 503, $"{r.Event} got {a}")));
        Assert.All(traffic.Records, r => Assert.Equal(200, r.Final));

        var expected = traffic.Runs.ToDictionary(r => r.Sha, r => traffic.ContextsOf(r).ToArray());
        await Wait.UntilAsync(
            () => expected.All(e => _github.StatusesFor(e.Key).Count(s => s.State == "success") == e.Value.Length),
            () => $"a success status on every context; missing on {expected.Count(e => _github.StatusesFor(e.Key).Count(s => s.State == "success") != e.Value.Length)} run(s)",
            TimeSpan.FromSeconds(90));
        foreach (var run in traffic.Runs)
        {
            var snapshot = await cluster.SnapshotAsync(run);
            Assert.Equal(0, snapshot.OutboxDepth);
        }

        foreach (var (sha, contexts) in expected)
        {
            var statuses = _github.StatusesFor(sha);
            foreach (var context in contexts)
            {
                var states = statuses.Where(s => s.Context == context).Select(s => s.State ?? "").ToArray();
                if (heldBackPendingMayBeDropped && states is ["success"])
                {
                    continue;
                }

                Assert.Equal(["pending", "success"], states);
            }

            Assert.True(statuses.Count <= contexts.Length * 2 && statuses.Count >= contexts.Length, $"{statuses.Count} statuses for {contexts.Length} contexts");
        }
    }
}
