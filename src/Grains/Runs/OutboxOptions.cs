namespace Relay.Grains.Runs;

/// <summary>How the run grain retries deliveries from its outbox (SPEC §6).</summary>
public sealed class OutboxOptions
{
    /// <summary>Attempts per action before it is given up as failed. Default 6.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Backoff after the first failure, doubled each time (with jitter). Default 1 s.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest backoff between attempts. Default 60 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Overall deadline of one delivery attempt (token refresh, rate-limit gate, every request and in-process retry).
    /// Capped at 80 % of the grain response timeout, so an attempt always ends before its caller gives up. Default 20 s.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A queued, unsent state that waited this long is behind: a newer state of its row replaces it instead of queueing
    /// after it (a pending still queued when its success is decided is not sent). Default 1 s.
    /// </summary>
    public TimeSpan BehindAfter { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Period of the safety-net reminder that re-activates a run with a non-empty outbox. Default 1 min.</summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);
}
