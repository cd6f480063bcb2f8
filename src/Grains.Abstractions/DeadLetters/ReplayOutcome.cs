namespace Relay.DeadLetters;

/// <summary>What a run grain did with a replayed dead letter.</summary>
[GenerateSerializer, Alias("Relay.DeadLetters.ReplayOutcome")]
public enum ReplayOutcome
{
    /// <summary>Put back into the run's outbox; the dead letter leaves once the delivery succeeds.</summary>
    Enqueued = 0,

    /// <summary>The ledger shows the effect already delivered: nothing is posted, the dead letter can go.</summary>
    AlreadyDelivered = 1,

    /// <summary>A newer decision for the same ledger row exists (delivered or pending): replaying would post a stale effect, so the dead letter can go.</summary>
    Superseded = 2,
}
