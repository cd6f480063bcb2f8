using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relay.Testing;

namespace Relay.Benchmark;

/// <summary>
/// Endless realistic Tekton traffic: PipelineRuns with N tasks, every lifecycle event, running before started,
/// transport retransmissions (same id) and re-emissions (new id), bodies padded to the sizes real events have
/// (most 3–6 KB, some 15 KB, a few 60 KB with managedFields).
/// </summary>
internal sealed class EventSource(int tasks, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Lock _lock = new();
    private readonly Queue<TektonHttpEvent> _pending = new();
    private long _runs;

    public long Runs => Interlocked.Read(ref _runs);

    /// <summary>Distinct (first-time) events handed out; retransmissions are not counted.</summary>
    public long Distinct { get; private set; }

    public TektonHttpEvent Next()
    {
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                Refill();
            }

            return _pending.Dequeue();
        }
    }

    private void Refill()
    {
        var run = new TektonRun($"bench-{Interlocked.Increment(ref _runs):D8}");
        var padding = _random.Next(100) switch
        {
            < 70 => 2_000 + _random.Next(3_000),
            < 95 => 14_000,
            _ => 58_000,
        };
        var events = new List<TektonHttpEvent> { run.PipelineRunEvent("running"), run.PipelineRunEvent("started") };
        for (var t = 0; t < tasks; t++)
        {
            var running = run.TaskRunEvent($"task-{t}", "running", minute: 1 + (2 * t));
            events.Add(running);
            events.Add(run.TaskRunEvent($"task-{t}", "started", minute: 1 + (2 * t)));
            events.Add(run.TaskRunEvent($"task-{t}", "successful", minute: 2 + (2 * t)));
        }

        events.Add(run.PipelineRunEvent("successful", minute: 2 + (2 * tasks)));
        foreach (var tektonEvent in events)
        {
            var padded = Pad(tektonEvent, padding);
            _pending.Enqueue(padded);
            Distinct++;
            if (_random.Next(10) == 0)
            {
                _pending.Enqueue(padded);                 // retransmission
            }
        }

        _pending.Enqueue(Pad(events[0].Reemitted(), padding)); // re-emission of a non-terminal state
        Distinct++;
    }

    private static TektonHttpEvent Pad(TektonHttpEvent tektonEvent, int bytes)
    {
        var body = JsonNode.Parse(tektonEvent.Body)!.AsObject();
        var resource = body.First().Value!.AsObject();
        resource["metadata"]!["managedFields"] = new JsonArray(new JsonObject
        {
            ["manager"] = "controller",
            ["operation"] = "Update",
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = new JsonObject { ["f:status"] = new string('x', bytes) },
        });
        return tektonEvent with { Body = Encoding.UTF8.GetBytes(body.ToJsonString(JsonSerializerOptions.Default)) };
    }
}
