using System.Text;

namespace Relay.DeadLetters;

/// <summary>
/// Where a dead letter lives: its own record (<see cref="IDeadLetterGrain"/>, keyed by id) and its summary in one of
/// <see cref="Count"/> index shards, so no stored record grows with the whole store. An entry's shard is a stable hash (FNV-1a, not <see cref="string.GetHashCode()"/>, which changes per
/// process) of its <see cref="DeadLetter.Id"/>: get, replay and delete arrive with only the id, so the id alone must
/// find the shard. The count is part of the stored data's identity: changing it would orphan entries.
/// </summary>
public static class DeadLetterShards
{
    /// <summary>Number of shards; never change it.</summary>
    public const int Count = 8;

    /// <summary>The shard key of the entry with this id.</summary>
    public static long Of(string id)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(id))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return hash % Count;
    }

    /// <summary>The shard grain holding the entry with this id.</summary>
    public static IDeadLetterShardGrain GetDeadLetterShard(this IGrainFactory grains, string id) =>
        grains.GetGrain<IDeadLetterShardGrain>(Of(id));

    /// <summary>Every shard grain, in key order.</summary>
    public static IReadOnlyList<IDeadLetterShardGrain> GetDeadLetterShards(this IGrainFactory grains) =>
        Enumerable.Range(0, Count).Select(i => grains.GetGrain<IDeadLetterShardGrain>(i)).ToArray();

    /// <summary>The record of the entry with this id (only its shard calls it).</summary>
    public static IDeadLetterGrain GetDeadLetter(this IGrainFactory grains, string id) => grains.GetGrain<IDeadLetterGrain>(id);

    /// <summary>The grain that keeps the store within its cap and retention.</summary>
    public static IDeadLetterTrimmerGrain GetDeadLetterTrimmer(this IGrainFactory grains) => grains.GetGrain<IDeadLetterTrimmerGrain>(0);

    /// <summary>The store's front door (a stateless worker: any silo serves it).</summary>
    public static IDeadLetterStoreGrain GetDeadLetterStore(this IGrainFactory grains) =>
        grains.GetGrain<IDeadLetterStoreGrain>(0);

    /// <summary>The bulk replay job with this id (<see cref="IDeadLetterReplayJobGrain"/>).</summary>
    public static IDeadLetterReplayJobGrain GetDeadLetterReplayJob(this IGrainFactory grains, string id) =>
        grains.GetGrain<IDeadLetterReplayJobGrain>(id);
}
