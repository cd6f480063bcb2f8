using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Relay.Benchmark;

/// <summary>The table: throughput, ack latency, GitHub calls, duplicates, CPU and RSS per mode, medians of several runs.</summary>
internal static class ThroughputBench
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        await using var sink = await GitHubSink.StartAsync();
        sink.Latency = TimeSpan.FromMilliseconds(options.GitHubLatencyMs);
        var results = new List<Result>();
        foreach (var mode in options.Modes)
        {
            for (var run = 1; run <= options.Repeat; run++)
            {
                Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {mode} run {run}/{options.Repeat}");
                results.Add(await MeasureAsync(mode, options, sink, seed: run));
            }
        }

        var report = Report(results, options);
        Console.WriteLine(report);
        return results.Any(r => r.Duplicates > 0 || r.ServerErrors > 0) ? 1 : 0;
    }

    private static async Task<Result> MeasureAsync(string mode, BenchOptions options, GitHubSink sink, int seed)
    {
        sink.Reset();
        await using var deployment = await Deployment.StartAsync(mode, sink.BaseUrl, environment: options.RelayEnvironment);
        var events = new EventSource(options.Tasks, seed);

        // Warm-up: JIT, connection pools, grain types.
        using (var warmUp = new LoadDriver(deployment.Targets, events))
        {
            await warmUp.ClosedLoopAsync(options.Concurrency, TimeSpan.FromSeconds(3));
        }

        using var closed = new LoadDriver(deployment.Targets, events);
        var cpuBefore = deployment.CpuTime;
        var callsBefore = sink.Calls;
        var clock = Stopwatch.StartNew();
        await closed.ClosedLoopAsync(options.Concurrency, TimeSpan.FromSeconds(options.Seconds));
        var elapsed = clock.Elapsed;
        var cpu = (deployment.CpuTime - cpuBefore).TotalSeconds / elapsed.TotalSeconds;
        var callsPerSecond = (sink.Calls - callsBefore) / elapsed.TotalSeconds;
        var throughput = closed.Succeeded / elapsed.TotalSeconds;

        var rate = Math.Max(1, throughput * options.OpenLoopFraction);
        using var open = new LoadDriver(deployment.Targets, events);
        await open.OpenLoopAsync(rate, TimeSpan.FromSeconds(options.Seconds));

        // Let the outboxes drain, then count what GitHub received.
        var last = -1L;
        while (sink.Calls != last)
        {
            last = sink.Calls;
            await Task.Delay(2000);
        }

        // Every run handed out was sent whole by the time the loops end, except the last one or two of each loop.
        var requestsPerRun = events.Runs == 0 ? 0 : (double)sink.Calls / events.Runs;
        return new Result(mode, throughput, closed.Latencies, rate, open.Latencies, callsPerSecond, mode == "baseline" ? 0 : sink.Duplicates,
            closed.ServerErrors + open.ServerErrors, closed.Failed + open.Failed, cpu, deployment.PeakRssMiB, requestsPerRun);
    }

    private static string Report(IReadOnlyList<Result> results, BenchOptions options)
    {
        var baseline = results.Where(r => r.Mode == "baseline").Select(r => r.Throughput).DefaultIfEmpty(0).ToArray();
        var baselineMedian = Median(baseline);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Closed loop: {options.Concurrency} in flight, {options.Seconds} s; open loop at {options.OpenLoopFraction:P0} of that mode's closed-loop rate; PipelineRuns with {options.Tasks} tasks; medians of {options.Repeat} run(s).");
        text.AppendLine(CultureInfo.InvariantCulture, $"GitHub requests per run: all statuses received over the whole run (warm-up, closed and open loop) / PipelineRuns sent; the minimum for this configuration is {2 * (options.Tasks + 1)} (pending and success on the pipeline and each task), fewer when a queued pending was superseded. Fake GitHub latency: {options.GitHubLatencyMs} ms.");
        text.AppendLine();
        text.AppendLine("| mode | events/s | % of baseline | closed-loop ack p50 / p99 ms | open-loop rate/s | open-loop ack p50 / p95 / p99 / max ms | GitHub calls/s | GitHub requests/run | duplicates | 500s | failed | CPU cores | CPU ms/event | peak RSS MiB |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in results.GroupBy(r => r.Mode))
        {
            var r = group.ToArray();
            var throughput = Median(r.Select(x => x.Throughput));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {group.Key} | {throughput:0} | {(baselineMedian > 0 ? throughput / baselineMedian : double.NaN):P0} | " +
                $"{Median(r.Select(x => Percentile(x.ClosedLatencies, 50))):0.0} / {Median(r.Select(x => Percentile(x.ClosedLatencies, 99))):0.0} | " +
                $"{Median(r.Select(x => x.OpenRate)):0} | " +
                $"{Median(r.Select(x => Percentile(x.OpenLatencies, 50))):0.0} / {Median(r.Select(x => Percentile(x.OpenLatencies, 95))):0.0} / {Median(r.Select(x => Percentile(x.OpenLatencies, 99))):0.0} / {Median(r.Select(x => Percentile(x.OpenLatencies, 100))):0} | " +
                $"{Median(r.Select(x => x.CallsPerSecond)):0} | {Median(r.Select(x => x.RequestsPerRun)):0.00} | {r.Sum(x => x.Duplicates)} | {r.Sum(x => x.ServerErrors)} | {r.Sum(x => x.Failed)} | " +
                $"{Median(r.Select(x => x.CpuCores)):0.00} | {Median(r.Select(x => x.Throughput > 0 ? 1000 * x.CpuCores / x.Throughput : 0)):0.00} | {Median(r.Select(x => x.PeakRssMiB)):0} |");
        }

        return text.ToString();
    }

    private static double Percentile(double[] values, double percentile)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var index = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private sealed record Result(
        string Mode, double Throughput, double[] ClosedLatencies, double OpenRate, double[] OpenLatencies, double CallsPerSecond,
        long Duplicates, long ServerErrors, long Failed, double CpuCores, double PeakRssMiB, double RequestsPerRun);
}
