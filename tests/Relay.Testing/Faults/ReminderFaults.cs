using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace Relay.Testing.Faults;

/// <summary>Which reminder table operation a <see cref="ReminderFault"/> applies to.</summary>
[Flags]
public enum ReminderOperations
{
    None = 0,
    Read = 1,
    Upsert = 2,
    Remove = 4,
}

/// <summary>One call into the reminder table, as a fault rule sees it.</summary>
public sealed record ReminderCall(ReminderOperations Operation, GrainId GrainId, string ReminderName)
{
    public string GrainType => GrainId.Type.ToString()!;

    public string Key => GrainId.Key.ToString()!;
}

/// <summary>
/// One rule of <see cref="ReminderFaults"/>: which reminder table calls fail and how many times. Reminder
/// registration runs on the silo that owns the grain's range in the reminder ring, not necessarily where the grain
/// lives: arm the same instance in every silo (<see cref="ReminderFaults.ArmAll"/>) so the count is shared.
/// </summary>
public sealed class ReminderFault
{
    private readonly ConcurrentQueue<ReminderCall> _failed = new();
    private int _remaining;

    public ReminderFault(ReminderOperations operations, Func<ReminderCall, bool>? when = null, int? times = null)
    {
        Operations = operations;
        When = when ?? (_ => true);
        _remaining = times ?? int.MaxValue;
    }

    public ReminderOperations Operations { get; }

    public Func<ReminderCall, bool> When { get; }

    /// <summary>The exception to throw; default: the error Redis gives a write while it refuses writes.</summary>
    public Func<ReminderCall, Exception> Exception { get; init; } =
        _ => new RedisServerException("OOM command not allowed when used memory > 'maxmemory'. (injected fault)");

    public IReadOnlyCollection<ReminderCall> Failed => _failed;

    public int Injected => _failed.Count;

    /// <summary>Fails the next <paramref name="times"/> registrations (upserts) of <paramref name="reminderName"/> (any when null) by grains of <paramref name="grainType"/>.</summary>
    public static ReminderFault FailRegistrations(string grainType, string? reminderName = null, int times = 1) =>
        new(ReminderOperations.Upsert, c => c.GrainType == grainType && (reminderName is null || c.ReminderName == reminderName), times);

    internal bool TryClaim(ReminderCall call)
    {
        if ((Operations & call.Operation) == 0 || !When(call))
        {
            return false;
        }

        while (true)
        {
            var remaining = Volatile.Read(ref _remaining);
            if (remaining <= 0)
            {
                return false;
            }

            var next = remaining == int.MaxValue ? remaining : remaining - 1;
            if (Interlocked.CompareExchange(ref _remaining, next, remaining) == remaining)
            {
                _failed.Enqueue(call);
                return true;
            }
        }
    }

    public void Disarm() => Volatile.Write(ref _remaining, 0);
}

/// <summary>The reminder fault rules of one silo's <see cref="FaultInjectingReminderTable"/>: a singleton in its services.</summary>
public sealed class ReminderFaults
{
    private readonly ConcurrentDictionary<ReminderFault, byte> _rules = new();

    public static ReminderFaults Of(SiloHandle silo) =>
        ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<ReminderFaults>();

    /// <summary>Arms <paramref name="fault"/> in every silo now in <paramref name="cluster"/>.</summary>
    public static ReminderFault ArmAll(TestCluster cluster, ReminderFault fault)
    {
        foreach (var silo in cluster.GetActiveSilos())
        {
            Of(silo).Arm(fault);
        }

        return fault;
    }

    public ReminderFault Arm(ReminderFault fault)
    {
        _rules[fault] = 0;
        return fault;
    }

    public void Remove(ReminderFault fault) => _rules.TryRemove(fault, out _);

    public void Clear() => _rules.Clear();

    internal ReminderFault? Claim(ReminderCall call) => _rules.Keys.FirstOrDefault(r => r.TryClaim(call));
}
