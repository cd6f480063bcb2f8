namespace Relay.DeadLetters;

/// <summary>
/// What a run grain tells the dead-letter store. The store is cluster-wide and persisted; every call is
/// idempotent by <see cref="DeadLetter.Id"/>, so a run grain may repeat one after a crash.
/// </summary>
public interface IDeadLetterSink
{
    /// <summary>Stores (or replaces) a dead letter in state <see cref="DeadLetterStates.Failed"/>.</summary>
    Task AddAsync(DeadLetter letter);

    /// <summary>A replay was delivered (or found already delivered or superseded): the entry leaves the store.</summary>
    Task RemoveAsync(string id, ReplayOutcome outcome);
}
