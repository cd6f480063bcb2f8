using System.Collections.Concurrent;
using Orleans.Persistence.Redis;

namespace Relay.Testing.Faults;

/// <summary>When an injected fault strikes: before the real storage runs, or after it succeeded (an ambiguous outcome).</summary>
public enum FaultTiming
{
    /// <summary>The call fails and storage is untouched: Redis refused the command (OOM, connection lost before sending).</summary>
    BeforeCall,

    /// <summary>Storage did the work, then the call fails: Redis executed the command but the reply was lost (timeout).</summary>
    AfterCall,
}

/// <summary>
/// One rule of a <see cref="GrainStorageFaults"/>: which storage calls fail, how many times, and with what. A rule is a
/// plain object: arm the same instance in every silo of a cluster and its count is shared (see
/// <see cref="GrainStorageFaults.ArmAll"/>).
/// </summary>
public sealed class StorageFault
{
    private readonly ConcurrentQueue<StorageCall> _failed = new();
    private int _remaining;
    private int _injected;

    /// <param name="operations">The operations this rule applies to.</param>
    /// <param name="when">Which calls it applies to (null: all of <paramref name="operations"/>).</param>
    /// <param name="times">How many calls fail before the rule goes quiet; null: every matching call until disarmed.</param>
    public StorageFault(StorageOperations operations, Func<StorageCall, bool>? when = null, int? times = null)
    {
        Operations = operations;
        When = when ?? (_ => true);
        _remaining = times ?? int.MaxValue;
    }

    public StorageOperations Operations { get; }

    public Func<StorageCall, bool> When { get; }

    /// <summary>Before the real call (default) or after it.</summary>
    public FaultTiming Timing { get; init; } = FaultTiming.BeforeCall;

    /// <summary>The exception to throw; default: what Orleans' Redis storage throws when Redis refuses a write (OOM).</summary>
    public Func<StorageCall, Exception> Exception { get; init; } = RedisRefused;

    /// <summary>How many calls this rule has failed so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>True while the rule can still fail calls.</summary>
    public bool Armed => Volatile.Read(ref _remaining) > 0;

    /// <summary>Every call this rule failed, in order.</summary>
    public IReadOnlyCollection<StorageCall> Failed => _failed;

    /// <summary>Fails the next <paramref name="times"/> writes of grain type <paramref name="grainType"/> (e.g. <c>pipelinerun</c>).</summary>
    public static StorageFault FailWrites(string grainType, int times = 1, Func<StorageCall, bool>? when = null) =>
        new(StorageOperations.Write, c => c.GrainType == grainType && (when?.Invoke(c) ?? true), times);

    /// <summary>Fails the next <paramref name="times"/> clears of grain type <paramref name="grainType"/>.</summary>
    public static StorageFault FailClears(string grainType, int times = 1, Func<StorageCall, bool>? when = null) =>
        new(StorageOperations.Clear, c => c.GrainType == grainType && (when?.Invoke(c) ?? true), times);

    /// <summary>The exception Orleans' Redis grain storage throws for a refused write.</summary>
    public static Exception RedisRefused(StorageCall call) => new RedisStorageException(
        $"Failed to {call.Operation.ToString().ToLowerInvariant()} grain state for {call.StateName} grain with ID: {call.GrainId} (injected fault). "
        + "StackExchange.Redis.RedisServerException: OOM command not allowed when used memory > 'maxmemory'.");

    /// <summary>Claims one failure for <paramref name="call"/> if this rule matches it and is still armed.</summary>
    internal bool TryClaim(StorageCall call)
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
                Interlocked.Increment(ref _injected);
                _failed.Enqueue(call);
                return true;
            }
        }
    }

    /// <summary>Stops the rule from failing any further call.</summary>
    public void Disarm() => Volatile.Write(ref _remaining, 0);
}
