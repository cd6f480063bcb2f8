using System.Collections.Concurrent;
using System.Diagnostics;

namespace Relay.Testing;

/// <summary>How one delivery attempt ended: an HTTP status, or null for a transport error (connection refused/reset).</summary>
public delegate Task<int?> TektonSender(TektonHttpEvent tektonEvent, CancellationToken cancellationToken);

/// <summary>
/// Generates realistic Tekton traffic for many PipelineRuns and delivers it the way Tekton's events controller does:
/// each event from its own task, retried on transport errors and 404/413/425/429/502/503/504 with exponential
/// backoff (at most 11 attempts), never on 500 or other 4xx. Each run's events are delivered out of order within a
/// state class (running before started), with transport retransmissions (same id) and re-emissions (new id).
/// </summary>
public sealed class TektonTraffic
{
    private static readonly HashSet<int> Retriable = [404, 413, 425, 429, 502, 503, 504];
    private readonly ConcurrentQueue<DeliveryRecord> _records = new();

    private readonly ConcurrentQueue<TektonRun> _runs = new();
    private readonly string _prefix;
    private int _created;

    public TektonTraffic(int runs, int tasksPerRun, string prefix)
    {
        _prefix = prefix;
        for (var i = 0; i < runs; i++)
        {
            NewRun();
        }

        Tasks = Enumerable.Range(0, tasksPerRun).Select(i => $"task-{i}").ToArray();
    }

    /// <summary>Every run generated so far.</summary>
    public IReadOnlyList<TektonRun> Runs => _runs.ToArray();

    public IReadOnlyList<string> Tasks { get; }

    /// <summary>Scale of Tekton's backoff (10 ms × 2ⁿ); 1 is Tekton's own.</summary>
    public double BackoffScale { get; init; } = 1;

    /// <summary>Every delivery's final result.</summary>
    public IReadOnlyCollection<DeliveryRecord> Records => _records;

    /// <summary>The contexts of one run: the pipeline's and one per task.</summary>
    public IEnumerable<string> ContextsOf(TektonRun run) => Tasks.Select(t => $"tekton/{run.Pipeline}/{t}").Prepend($"tekton/{run.Pipeline}");

    /// <summary>The deliveries of one run, in the order they reach Relay (causal per context, shuffled otherwise).</summary>
    public IReadOnlyList<TektonHttpEvent> DeliveriesOf(TektonRun run, Random random)
    {
        var deliveries = new List<TektonHttpEvent>();
        var pipelineRunning = run.PipelineRunEvent("running");
        deliveries.Add(pipelineRunning);                        // running overtakes started
        deliveries.Add(run.PipelineRunEvent("started"));
        var minute = 1;
        foreach (var task in Tasks)
        {
            var running = run.TaskRunEvent(task, "running", minute: minute);
            deliveries.Add(running);
            deliveries.Add(run.TaskRunEvent(task, "started", minute: minute));
            if (random.Next(3) == 0)
            {
                deliveries.Add(running);                        // transport retransmission: same ce-id
            }

            deliveries.Add(run.TaskRunEvent(task, "successful", minute: minute + 1));
            if (random.Next(3) == 0)
            {
                deliveries.Add(running.Reemitted());            // controller restart: same state, new ce-id
            }

            minute += 2;
        }

        var success = run.PipelineRunEvent("successful", minute: minute);
        deliveries.Add(success);
        deliveries.Add(success.Reemitted());
        if (random.Next(2) == 0)
        {
            deliveries.Add(pipelineRunning.Reemitted());        // late non-terminal after success
        }

        return deliveries;
    }

    /// <summary>
    /// A continuous stream: <paramref name="concurrency"/> workers each deliver one new run after another until
    /// <paramref name="stop"/> is cancelled; runs under way are finished.
    /// </summary>
    public Task DeliverContinuouslyAsync(TektonSender send, int concurrency, int seed, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var random = new Random(seed + worker);
            while (!stop.IsCancellationRequested)
            {
                foreach (var delivery in DeliveriesOf(NewRun(), random))
                {
                    _records.Enqueue(await DeliverOneAsync(send, delivery, CancellationToken.None));
                }
            }
        }));

    private TektonRun NewRun()
    {
        var run = new TektonRun($"{_prefix}-{Interlocked.Increment(ref _created):D5}");
        _runs.Enqueue(run);
        return run;
    }

    /// <summary>Delivers every run (runs in parallel, up to <paramref name="concurrency"/>; each run's events in sequence).</summary>
    public async Task DeliverAsync(TektonSender send, int concurrency, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var plans = Runs.Select(r => DeliveriesOf(r, new Random(random.Next()))).ToArray();
        await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (plan, ct) =>
        {
            foreach (var delivery in plan)
            {
                _records.Enqueue(await DeliverOneAsync(send, delivery, ct));
            }
        });
    }

    private async Task<DeliveryRecord> DeliverOneAsync(TektonSender send, TektonHttpEvent delivery, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var statuses = new List<int?>();
        for (var attempt = 0; attempt < 11; attempt++)
        {
            if (attempt > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * Math.Pow(2, attempt) * BackoffScale), cancellationToken);
            }

            var status = await send(delivery, cancellationToken);
            statuses.Add(status);
            if (status is { } code && !Retriable.Contains(code))
            {
                break;
            }
        }

        return new DeliveryRecord(delivery, statuses, clock.Elapsed);
    }
}

/// <summary>Every attempt of one delivery: status codes (null = transport error) and how long it took in all.</summary>
public sealed record DeliveryRecord(TektonHttpEvent Event, IReadOnlyList<int?> Attempts, TimeSpan Elapsed)
{
    public int? Final => Attempts[^1];
}
