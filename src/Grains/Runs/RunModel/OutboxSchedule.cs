namespace Relay.Grains.Runs.RunModel;

/// <summary>
/// Which outbox entry goes next, and when. Per ledger row entries leave in order, so only the oldest entry of each key
/// is a candidate; a newer one waits behind it even when it is itself due. An entry whose latest change is not yet
/// written to storage (<c>notDurable</c>) is not delivered, and holds back its row, so an effect never reaches a
/// provider before the decision behind it is durable.
/// </summary>
internal static class OutboxSchedule
{
    /// <summary>The oldest candidate that is due now, or null.</summary>
    public static OutboxEntry? NextDeliverable(IReadOnlyList<OutboxEntry> outbox, DateTimeOffset now, IReadOnlySet<long>? notDurable = null) =>
        Deliverable(outbox, now, notDurable).FirstOrDefault();

    /// <summary>Every candidate that is due now, oldest first (one per row).</summary>
    public static IEnumerable<OutboxEntry> Deliverable(IReadOnlyList<OutboxEntry> outbox, DateTimeOffset now, IReadOnlySet<long>? notDurable = null) =>
        Candidates(outbox, notDurable).Where(e => e.NextAttemptAt is not { } at || at <= now);

    /// <summary>How long until a candidate is due (zero when one is due now), or null when none is waiting.</summary>
    public static TimeSpan? NextDueIn(IReadOnlyList<OutboxEntry> outbox, DateTimeOffset now, IReadOnlySet<long>? notDurable = null)
    {
        DateTimeOffset? next = null;
        foreach (var entry in Candidates(outbox, notDurable))
        {
            var at = entry.NextAttemptAt ?? now;
            next = next is { } n && n <= at ? n : at;
        }

        return next is not { } due ? null : due <= now ? TimeSpan.Zero : due - now;
    }

    private static IEnumerable<OutboxEntry> Candidates(IReadOnlyList<OutboxEntry> outbox, IReadOnlySet<long>? notDurable) =>
        outbox.DistinctBy(e => e.LedgerKey).Where(e => notDurable is null || !notDurable.Contains(e.Id));
}
