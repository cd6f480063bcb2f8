using System.Diagnostics;

namespace Relay.Benchmark;

/// <summary>Streams N distinct events through all-in-one and samples RSS: memory must stay bounded.</summary>
internal static class ScaleCheck
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        await using var sink = await GitHubSink.StartAsync();
        // Short retention so that a bounded window of runs and event keys is held, as dedupe_ttl/run_ttl promise.
        await using var deployment = await Deployment.StartAsync("allinone", sink.BaseUrl, "dedupe_ttl: 60s\nrun_ttl: 30s", options.RelayEnvironment);
        var node = deployment.Nodes[0];
        var events = new EventSource(options.Tasks, seed: 1);
        using var driver = new LoadDriver(deployment.Targets, events);
        var clock = Stopwatch.StartNew();
        Console.WriteLine(options.Rate > 0
            ? $"Streaming {options.Scale:N0} distinct events through all-in-one (dedupe_ttl 60s, run_ttl 30s) at {options.Rate:0} events/s (open loop)."
            : $"Streaming {options.Scale:N0} distinct events through all-in-one (dedupe_ttl 60s, run_ttl 30s), {options.Concurrency} in flight (closed loop).");
        Console.WriteLine();
        Console.WriteLine("| elapsed s | distinct events | runs | events/s (interval) | RSS MiB | GitHub calls |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
        var load = options.Rate > 0
            ? Task.Run(async () =>
            {
                while (events.Distinct < options.Scale)
                {
                    await driver.OpenLoopAsync(options.Rate, TimeSpan.FromSeconds(10));
                }
            })
            : Task.WhenAll(Enumerable.Range(0, options.Concurrency).Select(async _ =>
            {
                while (events.Distinct < options.Scale)
                {
                    await driver.ClosedLoopAsync(1, TimeSpan.FromSeconds(5));
                }
            }));
        var lastCount = 0L;
        var lastTime = TimeSpan.Zero;
        while (!load.IsCompleted)
        {
            await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(30)));
            var now = clock.Elapsed;
            var count = driver.Succeeded;
            Console.WriteLine($"| {now.TotalSeconds:0} | {events.Distinct:N0} | {events.Runs:N0} | {(count - lastCount) / (now - lastTime).TotalSeconds:0} | {node.RssMiB:0} | {sink.Calls:N0} |");
            (lastCount, lastTime) = (count, now);
        }

        Console.WriteLine();
        Console.WriteLine($"Peak RSS {node.PeakRssMiB:0} MiB; {driver.Succeeded:N0} deliveries acknowledged, {driver.Failed} failed, {driver.ServerErrors} non-retriable errors, {sink.Duplicates} duplicate statuses.");
        return sink.Duplicates > 0 || driver.ServerErrors > 0 ? 1 : 0;
    }
}
