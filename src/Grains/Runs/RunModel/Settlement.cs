using Relay.DeadLetters;

namespace Relay.Grains.Runs.RunModel;

/// <summary>How an outbox entry's delivery attempt was settled by <see cref="RunOutbox.Settle"/>.</summary>
internal enum SettlementKind
{
    /// <summary>Brought about: the entry left the outbox and its row (if still its own) is delivered.</summary>
    Delivered,

    /// <summary>Transient failure: the entry stays and waits <see cref="Settlement.Wait"/>.</summary>
    Retry,

    /// <summary>Failed for good: <see cref="Settlement.Letter"/> must go to the dead-letter store, then the entry leaves.</summary>
    DeadLetter,
}

/// <summary>The outcome of settling one delivery attempt.</summary>
internal sealed record Settlement(SettlementKind Kind, TimeSpan? Wait = null, DeadLetter? Letter = null);

/// <summary>The event that planned an effect: its delivery joins that event's trace and the dead letter names it.</summary>
internal sealed record EffectTrigger(string? EventKey, string? EventType, string? TraceParent);
