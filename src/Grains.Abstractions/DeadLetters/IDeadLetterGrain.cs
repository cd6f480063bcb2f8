namespace Relay.DeadLetters;

/// <summary>
/// One dead letter's own persisted record, keyed by <see cref="DeadLetter.Id"/>, so a change to one entry writes that
/// entry alone. Only the shard that indexes the id (<see cref="IDeadLetterShardGrain"/>) calls it; it calls no grain.
/// </summary>
[Alias("Relay.DeadLetters.IDeadLetterGrain")]
public interface IDeadLetterGrain : IGrainWithStringKey
{
    /// <summary>The stored entry, or null.</summary>
    [Alias("get"), Orleans.Concurrency.ReadOnly]
    Task<DeadLetter?> GetAsync();

    /// <summary>Stores <paramref name="letter"/> (its id is this grain's key) before returning; an unchanged entry is not written.</summary>
    [Alias("put")]
    Task PutAsync(DeadLetter letter);

    /// <summary>Deletes the record. Idempotent.</summary>
    [Alias("clear")]
    Task ClearAsync();
}
