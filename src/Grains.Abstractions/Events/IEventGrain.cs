namespace Relay.Events;

/// <summary>One grain per CloudEvent identity (<see cref="EventKey"/>): cluster-wide dedupe.</summary>
[Alias("Relay.Events.IEventGrain")]
public interface IEventGrain : IGrainWithStringKey
{
    /// <summary>
    /// Forwards the event to its run grain the first time and completes the key only after the run grain
    /// recorded it; answers <see cref="AcceptOutcome.Duplicate"/> for a completed key. Idempotent; a failure
    /// leaves the key retryable.
    /// </summary>
    [Alias("accept")]
    Task<AcceptOutcome> AcceptAsync(RelayEvent relayEvent);
}
