namespace Relay.Grains.Runs;

/// <summary>
/// Which outbox entry goes next, and when. Per (action, context) entries leave in order, so only the oldest entry
/// of each key is a candidate; a newer one waits behind it even when it is itself due.
/// </summary>
internal static class OutboxSchedule
{
    /// <summary>The oldest candidate that is due now, or null.</summary>
    public static OutboxEntry? NextDeliverable(IReadOnlyList<OutboxEntry> outbox, DateTimeOffset now) =>
        Candidates(outbox).FirstOrDefault(e => e.NextAttemptAt is not { } at || at <= now);

    /// <summary>How long until a candidate is due (zero when one is due now), or null when the outbox is empty.</summary>
    public static TimeSpan? NextDueIn(IReadOnlyList<OutboxEntry> outbox, DateTimeOffset now)
    {
        if (outbox.Count == 0)
        {
            return null;
        }

        var next = Candidates(outbox).Min(e => e.NextAttemptAt ?? now);
        return next <= now ? TimeSpan.Zero : next - now;
    }

    private static IEnumerable<OutboxEntry> Candidates(IReadOnlyList<OutboxEntry> outbox) => outbox.DistinctBy(e => e.LedgerKey);
}
