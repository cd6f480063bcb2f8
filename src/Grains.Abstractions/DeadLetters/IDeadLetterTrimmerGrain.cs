namespace Relay.DeadLetters;

/// <summary>
/// Keeps the dead-letter store within its limits (<c>dead_letters.max_letters</c>, <c>dead_letters.retention</c>):
/// drops the oldest entries when the store holds more than the cap, and entries that failed longer ago than the
/// retention. One per cluster (key 0); a reminder runs <see cref="TrimAsync"/> periodically. It calls only the shards.
/// </summary>
[Alias("Relay.DeadLetters.IDeadLetterTrimmerGrain")]
public interface IDeadLetterTrimmerGrain : IGrainWithIntegerKey
{
    /// <summary>An entry was stored: drops the oldest entries while the store is over the cap.</summary>
    [Alias("added")]
    Task<DeadLetterTrim> AddedAsync();

    /// <summary>
    /// Activates the trimmer, so its reminder is registered (one-way: a shard calls it while activating, and must not
    /// wait on a grain that calls shards).
    /// </summary>
    [Alias("wake"), Orleans.Concurrency.OneWay]
    Task WakeAsync();

    /// <summary>Drops entries past the retention, then the oldest entries over the cap. Idempotent.</summary>
    [Alias("trim")]
    Task<DeadLetterTrim> TrimAsync();
}

/// <summary>What one trim dropped, by reason.</summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterTrim")]
public sealed record DeadLetterTrim([property: Id(0)] int ByCap, [property: Id(1)] int ByRetention);
