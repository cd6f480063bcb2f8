using System.Diagnostics;
using Relay.Integration.Tests.Cluster;
using Relay.Runs;
using Relay.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Relay.Integration.Tests.Faults;

/// <summary>
/// Redis misbehaving for a few seconds while Tekton traffic flows through two silos (co-hosted intake) and a split
/// receiver. Whatever Redis does, an event Tekton got 200 for must end in its commit statuses: every context of every
/// run reaches the run's final state at GitHub, and no status is posted twice.
/// </summary>
/// <remarks>
/// The senders behave like Tekton's events controller (<see cref="TektonTraffic"/>): up to 11 attempts with
/// exponential backoff, about 20 s of waiting in all, retrying 503 and transport errors. The faults last 6–8 s, well
/// inside that budget, so Tekton's own retry window suffices: no longer retries are needed.
/// </remarks>
public sealed class RedisFaultTests(RedisAndGitHub environment, ITestOutputHelper output) : IClassFixture<RedisAndGitHub>
{
    private readonly RedisServer _redis = environment.Redis;
    private readonly FakeGitHubServer _github = environment.GitHub;

    [Fact]
    public async Task Redis_refusing_writes_mid_stream_loses_no_status() =>
        await RunWithFaultAsync("refuse", "Redis refusing writes (maxmemory 1, noeviction)", TimeSpan.FromSeconds(6), () => _redis.RefuseWritesAsync());

    [Fact]
    public async Task Redis_paused_mid_stream_loses_no_status() =>
        // Longer than StackExchange.Redis' 5 s command timeout: commands sent at the start time out, yet Redis runs them
        // when it resumes (a write reported failed that happened).
        await RunWithFaultAsync("pause", "redis-server stopped (SIGSTOP)", TimeSpan.FromSeconds(8), () => _redis.PauseAsync());

    private async Task RunWithFaultAsync(string name, string fault, TimeSpan faultLength, Func<Task<IAsyncDisposable>> inject)
    {
        var clock = Stopwatch.StartNew();
        var serviceId = $"fault-{name}-{Guid.NewGuid().ToString("N")[..8]}";
        await using var cluster = await RedisTestCluster.StartAsync(2, _redis.ConnectionString, serviceId, RelayClusterFixture.RelaySettings(_github.BaseUrl, environment.TokenFile));
        await using var receiver = await SplitReceiver.StartAsync(_redis.ConnectionString, serviceId, cluster.Cluster.Options.ClusterId);
        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  2 silos and a split receiver up");

        // Half the requests reach a silo's own intake, half go through the split receiver's Orleans client.
        var traffic = new TektonTraffic(runs: 0, tasksPerRun: 2, prefix: name);
        var attempts = 0;
        var refusedInFault = 0;
        var faulting = false;
        async Task<int?> SendAsync(TektonHttpEvent tektonEvent, CancellationToken cancellationToken)
        {
            var status = Interlocked.Increment(ref attempts) % 2 == 0
                ? await receiver.SendAsync(tektonEvent, cancellationToken)
                : await cluster.SendAsync(tektonEvent, cancellationToken);
            if (Volatile.Read(ref faulting) && status != 200)
            {
                Interlocked.Increment(ref refusedInFault);
            }

            return status;
        }

        using var stop = new CancellationTokenSource();
        var delivery = traffic.DeliverContinuouslyAsync(SendAsync, concurrency: 8, seed: 5, stop.Token);

        await Wait.UntilAsync(() => traffic.Records.Count >= 80 || delivery.IsCompleted, () => $"traffic to be under way ({traffic.Records.Count} deliveries)", TimeSpan.FromSeconds(60));
        var before = traffic.Records.Count;
        var faultClock = Stopwatch.StartNew();
        var injected = await inject();
        try
        {
            Volatile.Write(ref faulting, true);
            // The fault lasts its length, and long enough to have refused some requests (else the test proves nothing).
            await Wait.UntilAsync(
                () => faultClock.Elapsed >= faultLength && Volatile.Read(ref refusedInFault) > 0,
                () => $"{fault} to refuse some request ({refusedInFault} refused so far)",
                faultLength + TimeSpan.FromSeconds(30));
        }
        finally
        {
            Volatile.Write(ref faulting, false);
            await injected.DisposeAsync();
        }

        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  {fault} for {faultClock.Elapsed.TotalSeconds:0.0} s after {before} deliveries; {refusedInFault} attempts answered other than 200 meanwhile");

        var restored = traffic.Records.Count;
        await Wait.UntilAsync(() => traffic.Records.Count >= restored + 80, () => $"traffic after the fault ({traffic.Records.Count - restored} deliveries since)", TimeSpan.FromSeconds(90));
        Assert.False(delivery.IsCompleted, "the fault must happen while events flow");
        await stop.CancelAsync();
        await delivery.WaitAsync(TimeSpan.FromSeconds(120));
        var records = traffic.Records.ToArray();
        output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  traffic done: {traffic.Runs.Count} runs, {records.Length} deliveries, "
            + $"{records.Count(r => r.Attempts.Count > 1)} retried, slowest {records.Max(r => r.Elapsed).TotalSeconds:0.0} s, "
            + $"final answers: {Histogram(records.Select(r => r.Final))}; all attempts: {Histogram(records.SelectMany(r => r.Attempts))}");

        // Statuses first: they are what a developer sees, and what the fault may have lost.
        var audit = StatusAudit.Of(_github, traffic);
        try
        {
            await Wait.UntilAsync(
                async () => (audit = StatusAudit.Of(_github, traffic)).Irreversible || (audit.Clean && await OutboxesEmptyAsync(cluster, traffic)),
                () => $"every run's statuses at GitHub after {fault}: {audit}",
                TimeSpan.FromSeconds(30));
        }
        finally
        {
            output.WriteLine($"{clock.Elapsed.TotalSeconds,5:0.0} s  {audit}");
            await DescribeRunsAsync(cluster, audit.Problems.Take(5).Select(p => p.Run));
        }

        // Settled (no outbox holds anything): look once more for a late duplicate.
        audit = StatusAudit.Of(_github, traffic);
        Assert.True(audit.Clean, $"statuses at GitHub after {fault}: {audit}");
        Assert.Empty(cluster.Faults);
        Assert.All(records, r => Assert.All(r.Attempts, a => Assert.True(a is null or 200 or 503, $"{r.Event} got {a}")));
        Assert.All(records, r => Assert.True(r.Final == 200, $"{r.Event} was finally answered {r.Final?.ToString() ?? "with a transport error"} after {r.Attempts.Count} attempts"));
    }

    private static string Histogram(IEnumerable<int?> statuses) =>
        string.Join(", ", statuses.GroupBy(s => s?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "transport error").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}"));

    /// <summary>What the run grains of some wrong runs hold: did the events reach them, is something stuck in an outbox?</summary>
    private async Task DescribeRunsAsync(RedisTestCluster cluster, IEnumerable<TektonRun> runs)
    {
        foreach (var run in runs)
        {
            var snapshot = await cluster.GrainFactory.GetGrain<IPipelineRunGrain>(PipelineRunKey.For(run.Namespace, run.Name)).GetSnapshotAsync();
            output.WriteLine($"        run grain {snapshot.RunKey}: exists={snapshot.Exists}, pipeline {snapshot.Pipeline?.State.ToString() ?? "none"}, "
                + $"tasks [{string.Join(", ", snapshot.Tasks.Select(t => t.State))}], outbox depth {snapshot.OutboxDepth}, "
                + $"{snapshot.EventsRecorded} events recorded, ledger [{string.Join(", ", snapshot.Ledger.Select(l => $"{l.Context}={l.State}:{l.Delivery}"))}]");
        }
    }

    private static async Task<bool> OutboxesEmptyAsync(RedisTestCluster cluster, TektonTraffic traffic)
    {
        foreach (var run in traffic.Runs)
        {
            var snapshot = await cluster.GrainFactory.GetGrain<IPipelineRunGrain>(PipelineRunKey.For(run.Namespace, run.Name)).GetSnapshotAsync();
            if (snapshot.OutboxDepth > 0)
            {
                return false;
            }
        }

        return true;
    }
}
