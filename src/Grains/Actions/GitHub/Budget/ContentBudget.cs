namespace Relay.Grains.Actions.GitHub.Budget;

/// <summary>
/// Sliding windows of granted requests (one minute, one hour): plain code, so the arithmetic is tested without a
/// cluster. Intermediate states may use each window up to <c>(1 - terminal_reserve)</c> of its limit; settled outcomes
/// up to the whole limit.
/// </summary>
internal sealed class ContentBudget
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    // Grant times, oldest first; none older than an hour is kept.
    private readonly Queue<DateTimeOffset> _granted = new();

    /// <summary>Null when granted (and counted); otherwise how long until the request would be granted.</summary>
    public TimeSpan? TryAcquire(bool terminal, ContentBudgetLimits limits, DateTimeOffset now)
    {
        while (_granted.TryPeek(out var oldest) && now - oldest >= Hour)
        {
            _granted.Dequeue();
        }

        var share = terminal ? 1.0 : 1.0 - Math.Clamp(limits.TerminalReserve, 0, 1);
        var wait = WaitFor(Minute, Allowed(limits.PerMinute, share), now);
        var hourWait = WaitFor(Hour, Allowed(limits.PerHour, share), now);
        if (wait is null && hourWait is null)
        {
            _granted.Enqueue(now);
            return null;
        }

        var longest = TimeSpan.FromTicks(Math.Max(wait?.Ticks ?? 0, hourWait?.Ticks ?? 0));
        return longest < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : longest;
    }

    /// <summary>Requests granted in the last hour.</summary>
    public int GrantedLastHour => _granted.Count;

    private static int Allowed(int limit, double share) => share >= 1.0 ? limit : (int)Math.Floor(limit * share);

    /// <summary>Null when fewer than <paramref name="allowed"/> grants fall in the window; else when enough leave it.</summary>
    private TimeSpan? WaitFor(TimeSpan window, int allowed, DateTimeOffset now)
    {
        var inWindow = _granted.Where(t => now - t < window).ToArray();
        if (inWindow.Length < allowed)
        {
            return null;
        }

        if (allowed <= 0)
        {
            // No share at all for this priority (a reserve of 1): ask again after a window; a newer state may replace it.
            return window;
        }

        // The grant that has to leave the window for one more to fit.
        var leaving = inWindow[inWindow.Length - allowed];
        return leaving + window - now;
    }
}
