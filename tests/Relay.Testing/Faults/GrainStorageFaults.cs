using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace Relay.Testing.Faults;

/// <summary>
/// The fault rules of one silo's <see cref="FaultInjectingGrainStorage"/> providers: a singleton in the silo's
/// services, reached from a test through the in-process silo (<see cref="Of"/>). With no rule armed every call
/// goes straight to the real storage.
/// </summary>
public sealed class GrainStorageFaults
{
    private readonly ConcurrentDictionary<StorageFault, byte> _rules = new();
    private readonly ConcurrentQueue<StorageCall> _calls = new();

    /// <summary>Set to record every write and clear that reached this silo's wrapped providers (for assertions on order).</summary>
    public bool RecordCalls { get; set; }

    /// <summary>The writes and clears seen while <see cref="RecordCalls"/> was on.</summary>
    public IReadOnlyCollection<StorageCall> Calls => _calls;

    /// <summary>How long each write takes before it reaches the real storage (a slow Redis); zero by default.</summary>
    public TimeSpan WriteLatency { get; set; }

    /// <summary>The storage <see cref="WriteLatency"/> applies to (e.g. <c>relay-claims</c>); null: every wrapped storage.</summary>
    public string? WriteLatencyStorage { get; set; }

    /// <summary>The controller of an in-process silo (TestCluster or InProcessTestCluster).</summary>
    public static GrainStorageFaults Of(SiloHandle silo) =>
        ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<GrainStorageFaults>();

    /// <summary>Arms <paramref name="fault"/> in every silo now in <paramref name="cluster"/>: its count is shared by all of them.</summary>
    public static StorageFault ArmAll(TestCluster cluster, StorageFault fault)
    {
        foreach (var silo in cluster.GetActiveSilos())
        {
            Of(silo).Arm(fault);
        }

        return fault;
    }

    /// <summary>Removes <paramref name="fault"/> from every silo now in <paramref name="cluster"/>.</summary>
    public static void DisarmAll(TestCluster cluster, StorageFault fault)
    {
        foreach (var silo in cluster.GetActiveSilos())
        {
            Of(silo).Remove(fault);
        }
    }

    public StorageFault Arm(StorageFault fault)
    {
        _rules[fault] = 0;
        return fault;
    }

    public void Remove(StorageFault fault) => _rules.TryRemove(fault, out _);

    public void Clear() => _rules.Clear();

    /// <summary>The rule that claims <paramref name="call"/>, if any (each call is failed by at most one rule).</summary>
    internal StorageFault? Claim(StorageCall call)
    {
        if (RecordCalls && call.Operation != StorageOperations.Read)
        {
            _calls.Enqueue(call);
        }

        foreach (var rule in _rules.Keys)
        {
            if (rule.TryClaim(call))
            {
                return rule;
            }
        }

        return null;
    }
}
