using System.Collections.Concurrent;
using System.Diagnostics;
using Relay.Testing;

namespace Relay.Benchmark;

/// <summary>
/// Sends events like Tekton (503 and transport errors retried with exponential backoff, at most 11 attempts) in
/// a closed loop (fixed concurrency, maximum throughput) or an open loop (fixed arrival rate; latency measured from
/// the scheduled send time, so a slow server cannot hide its queueing).
/// </summary>
internal sealed class LoadDriver(IReadOnlyList<Uri> targets, EventSource events) : IDisposable
{
    private static readonly HashSet<int> Retriable = [404, 413, 425, 429, 502, 503, 504];
    private readonly HttpClient _http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    private readonly ConcurrentBag<double> _latencies = [];
    private long _ok;
    private long _failed;
    private long _serverErrors;
    private long _next;

    public long Succeeded => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Responses of 500 or any status Tekton would not retry besides 200: must stay 0.</summary>
    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    public double[] Latencies => [.. _latencies];

    public void Dispose() => _http.Dispose();

    public async Task ClosedLoopAsync(int concurrency, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await SendAsync(events.Next());
                _latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }));
    }

    public async Task OpenLoopAsync(double ratePerSecond, TimeSpan duration)
    {
        var interval = TimeSpan.FromSeconds(1 / ratePerSecond);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>();
        var sent = 0L;
        while (clock.Elapsed < duration)
        {
            var due = interval * sent;
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var scheduled = Stopwatch.GetTimestamp() - (long)((clock.Elapsed - due).TotalSeconds * Stopwatch.Frequency);
            var tektonEvent = events.Next();
            inFlight.Add(Task.Run(async () =>
            {
                await SendAsync(tektonEvent);
                _latencies.Add(Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds);
            }));
            sent++;
            if (inFlight.Count > 4096)
            {
                inFlight.RemoveAll(t => t.IsCompleted);
            }
        }

        await Task.WhenAll(inFlight);
    }

    private async Task SendAsync(TektonHttpEvent tektonEvent)
    {
        for (var attempt = 0; attempt < 11; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * Math.Pow(2, attempt)));
            }

            var target = targets[(int)(Interlocked.Increment(ref _next) % targets.Count)];
            int? status;
            try
            {
                using var request = tektonEvent.ToRequest(target);
                using var response = await _http.SendAsync(request);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = null;
            }

            if (status == 200)
            {
                Interlocked.Increment(ref _ok);
                return;
            }

            if (status is { } code && !Retriable.Contains(code))
            {
                Interlocked.Increment(ref _serverErrors);
                Interlocked.Increment(ref _failed);
                return;
            }
        }

        Interlocked.Increment(ref _failed);
    }
}
