using System.Diagnostics;
using Relay.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Relay.Integration.Tests.Cluster;

/// <summary>
/// The production shape on one machine, as separate processes: redis-server, three silos and two split
/// receivers. Under a continuous stream of Tekton traffic every silo is restarted in turn (SIGTERM, replacement)
/// and one is killed with SIGKILL: no status is missing or posted twice, and no request ever gets a 500.
/// </summary>
public sealed class ProcessClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<RelayProcess> _processes = [];
    private RedisServer _redis = null!;
    private FakeGitHubServer _github = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _github = await FakeGitHubServer.StartAsync();
        var token = Path.GetTempFileName();
        await File.WriteAllTextAsync(token, "process-cluster-token");
        _config = Path.Combine(Path.GetTempPath(), $"relay-cluster-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(_config, RelayNode.GitHubConfig(_github.BaseUrl, token, extra: $$"""
            cluster:
              clustering: redis
              storage: redis
              redis: { connection_string: "{{_redis.ConnectionString}}" }
              service_id: process-cluster
              response_timeout: 5s
              shutdown_timeout: 20s
              membership: { probe_timeout: 1s, missed_probes_limit: 2, votes_for_death: 1, table_refresh: 2s, i_am_alive_period: 5s }
            """));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Kill();
        }

        await _github.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Rolling_restart_of_every_silo_and_a_kill_9_under_load_post_everything_exactly_once()
    {
        var silos = new List<RelayProcess>();
        for (var i = 0; i < 3; i++)
        {
            silos.Add(StartSilo());
        }

        var receivers = new[] { StartReceiver(), StartReceiver() };
        foreach (var node in silos.Concat(receivers))
        {
            await node.WaitReadyAsync();
        }

        var traffic = new TektonTraffic(runs: 0, tasksPerRun: 2, prefix: "proc");
        using var stop = new CancellationTokenSource();
        var next = 0;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var delivery = traffic.DeliverContinuouslyAsync(
            async (tektonEvent, ct) =>
            {
                var receiver = receivers[Interlocked.Increment(ref next) % receivers.Length];
                try
                {
                    using var request = tektonEvent.ToRequest(new Uri(receiver.Url + "/"));
                    using var response = await http.SendAsync(request, ct);
                    return (int)response.StatusCode;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    output.WriteLine($"{receiver.Url}: {exception.GetType().Name} {exception.Message}");
                    return null;
                }
            },
            concurrency: 4,
            seed: 11,
            stop.Token);

        await Wait.UntilAsync(() => traffic.Records.Count > 150, () => $"traffic to be under way ({traffic.Records.Count} deliveries so far)", TimeSpan.FromSeconds(90));
        var rolling = Stopwatch.StartNew();
        var phases = new List<(string What, DateTimeOffset At)>();
        foreach (var old in silos.ToArray())
        {
            var step = Stopwatch.StartNew();
            var replacement = StartSilo();
            await replacement.WaitReadyAsync();
            var ready = step.Elapsed;
            silos.Add(replacement);
            phases.Add(("SIGTERM", DateTimeOffset.UtcNow));
            await old.TerminateAsync();
            phases.Add(("exited", DateTimeOffset.UtcNow));
            silos.Remove(old);
            output.WriteLine($"  replacement ready after {ready.TotalSeconds:0.0} s, old silo exited {(step.Elapsed - ready).TotalSeconds:0.0} s after SIGTERM");
        }

        output.WriteLine($"rolling restart of 3 silo processes (replacement ready, SIGTERM, exit): {rolling.Elapsed.TotalSeconds:0.0} s");
        Assert.False(delivery.IsCompleted, "the rolling restart must happen while events flow");

        var victim = silos[0];
        var recordsAtKill = traffic.Records.Count;
        var killed = Stopwatch.StartNew();
        phases.Add(("kill -9", DateTimeOffset.UtcNow));
        victim.Kill();
        silos.Remove(victim);
        await Wait.UntilAsync(
            async () => (await _redis.CommandAsync("HGETALL process-cluster/members/default")).Split("\"Status\":6").Length - 1 >= 4,
            () => "membership to declare the killed silo dead",
            TimeSpan.FromSeconds(30));
        output.WriteLine($"kill -9: silo declared dead in the membership table after {killed.Elapsed.TotalSeconds:0.00} s");
        silos.Add(StartSilo());

        await Wait.UntilAsync(() => traffic.Records.Count > 100 + recordsAtKill, () => "traffic after the replacement silo", TimeSpan.FromSeconds(90));
        await stop.CancelAsync();
        await delivery.WaitAsync(TimeSpan.FromMinutes(5));
        Assert.All(traffic.Records, r => Assert.All(r.Attempts, a => Assert.True(a is null or 200 or 503, $"{r.Event} got {a}")));
        Assert.All(traffic.Records, r => Assert.Equal(200, r.Final));

        var expected = traffic.Runs.ToDictionary(r => r.Sha, r => traffic.ContextsOf(r).ToArray());
        await Wait.UntilAsync(
            () => expected.All(e => _github.StatusesFor(e.Key).Count(s => s.State == "success") == e.Value.Length),
            () => $"a success on every context; {expected.Count(e => _github.StatusesFor(e.Key).Count(s => s.State == "success") != e.Value.Length)} run(s) incomplete",
            TimeSpan.FromSeconds(90));
        // Each context got its pending and its success, once each. A pending still queued when its success was decided,
        // because delivery fell behind while its run moved (OutboxOptions.BehindAfter), is replaced by it unsent: newest
        // state wins. When wrong, say when each status came against the restarts.
        var wrong = expected
            .SelectMany(e => e.Value.Select(context => (Context: context, Posted: _github.StatusesFor(e.Key).Where(s => s.Context == context).ToArray())))
            .Where(c => !c.Posted.Select(s => s.State).SequenceEqual(["pending", "success"]) && !c.Posted.Select(s => s.State).SequenceEqual(["success"]))
            .ToArray();
        Assert.True(wrong.Length == 0, $"{wrong.Length} context(s) not posted exactly [pending, success] (or [success] alone): "
            + string.Join("; ", wrong.Take(5).Select(c => $"{c.Context} @ {c.Posted.FirstOrDefault()?.Sha[..8]}: [{string.Join(", ", c.Posted.Select(s => $"{s.State} at {s.At:HH:mm:ss.fff}"))}]"))
            + $"; restarts: {string.Join(", ", phases.Select(p => $"{p.What} at {p.At:HH:mm:ss.fff}"))}");

        var slowest = traffic.Records.Max(r => r.Elapsed);
        output.WriteLine($"{traffic.Records.Count} deliveries, {traffic.Records.Count(r => r.Attempts.Count > 1)} retried (503 or refused), slowest {slowest.TotalSeconds:0.0} s, {_github.Statuses.Count} statuses, 0 duplicates, "
            + $"{expected.Sum(e => e.Value.Count(c => _github.StatusesFor(e.Key).Count(s => s.Context == c) == 1))} pending(s) replaced unsent by their success");
    }

    private RelayProcess StartSilo()
    {
        var process = RelayProcess.Start("Relay.Silo.dll", _config,
            "--cluster:silo_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cluster:gateway_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        _processes.Add(process);
        return process;
    }

    private RelayProcess StartReceiver()
    {
        var process = RelayProcess.Start("Relay.Receiver.dll", _config);
        _processes.Add(process);
        return process;
    }
}
