using System.Collections.Concurrent;
using Relay.Health;

namespace Relay.Grains.Health;

/// <summary>This silo's counters of delivered and failed actions, per action instance.</summary>
public sealed class ActionHealth(TimeProvider timeProvider)
{
    private readonly ConcurrentDictionary<string, Counters> _actions = new(StringComparer.Ordinal);

    public void Succeeded(string action) => Interlocked.Increment(ref _actions.GetOrAdd(action, _ => new Counters()).Succeeded);

    /// <summary>Counts one failed attempt (transient or permanent) and remembers its error.</summary>
    public void Failed(string action, string? error)
    {
        var counters = _actions.GetOrAdd(action, _ => new Counters());
        Interlocked.Increment(ref counters.Failed);
        counters.Last = (error ?? "unknown error", timeProvider.GetUtcNow());
    }

    public IReadOnlyList<ActionHealthReport> Snapshot() => _actions
        .OrderBy(a => a.Key, StringComparer.Ordinal)
        .Select(a => new ActionHealthReport
        {
            Action = a.Key,
            Succeeded = Interlocked.Read(ref a.Value.Succeeded),
            Failed = Interlocked.Read(ref a.Value.Failed),
            LastError = a.Value.Last?.Error,
            LastErrorAt = a.Value.Last?.At,
        })
        .ToArray();

    private sealed class Counters
    {
        public long Succeeded;
        public long Failed;
        public volatile Tuple<string, DateTimeOffset>? LastTuple;

        public (string Error, DateTimeOffset At)? Last
        {
            get => LastTuple is { } t ? (t.Item1, t.Item2) : null;
            set => LastTuple = value is { } v ? Tuple.Create(v.Error, v.At) : null;
        }
    }
}
