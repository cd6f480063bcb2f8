using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.DeadLetters;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// Keeps the dead-letter store within <c>dead_letters.max_letters</c> and <c>dead_letters.retention</c>
/// (<see cref="IDeadLetterTrimmerGrain"/>). The cap is the whole store's, so the oldest entries across every shard go
/// first: each shard names its oldest few, and this grain picks the oldest of those. A reminder checks the retention
/// (and the cap) periodically; the sink also calls it after every add, so the cap holds between reminders, and a shard
/// that activates holding entries wakes it (one-way), so the reminder exists wherever entries do, after an upgrade too.
/// It calls only the shards, which never wait on it.
/// </summary>
[GrainType("deadlettertrimmer")]
internal sealed partial class DeadLetterTrimmerGrain(
    IOptions<DeadLetterOptions> options,
    TimeProvider timeProvider,
    RelayMetrics metrics,
    ILogger<DeadLetterTrimmerGrain> logger) : Grain, IDeadLetterTrimmerGrain, IRemindable
{
    private const string TrimReminder = "trim";
    private readonly DeadLetterOptions _options = options.Value;

    /// <summary>How often the reminder checks: the retention, but at least hourly (and never under Orleans' floor, 1m).</summary>
    public static TimeSpan ReminderPeriod(TimeSpan retention) =>
        retention > TimeSpan.FromHours(1) ? TimeSpan.FromHours(1) : retention < TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : retention;

    /// <summary>How soon a failed reminder registration is tried again (the reminder service starting, its table down).</summary>
    internal static readonly TimeSpan ReminderRetry = TimeSpan.FromSeconds(10);

    // Armed while the reminder is not registered; disposed once it is.
    private IGrainTimer? _reminderRetry;

    // The activation never fails for its reminder: a silo's reminder service may still be starting (Orleans answers
    // "still initializing"), and trimming on demand must work meanwhile. A timer tries again until it is registered.
    public override Task OnActivateAsync(CancellationToken cancellationToken) => EnsureReminderAsync(cancellationToken);

    Task IDeadLetterTrimmerGrain.WakeAsync() => Task.CompletedTask;

    async Task<DeadLetterTrim> IDeadLetterTrimmerGrain.AddedAsync() => new(await TrimCapAsync(), 0);

    async Task<DeadLetterTrim> IDeadLetterTrimmerGrain.TrimAsync()
    {
        var byRetention = await TrimRetentionAsync();
        return new DeadLetterTrim(await TrimCapAsync(), byRetention);
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TrimReminder)
        {
            return;
        }

        try
        {
            await ((IDeadLetterTrimmerGrain)this).TrimAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The next tick tries again; dropping late is harmless.
            Log.TrimFailed(logger, exception);
        }
    }

    private async Task EnsureReminderAsync(CancellationToken cancellationToken)
    {
        try
        {
            var period = ReminderPeriod(_options.Retention.Value);
            await this.RegisterOrUpdateReminder(TrimReminder, period, period, cancellationToken);
            _reminderRetry?.Dispose();
            _reminderRetry = null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.ReminderDeferred(logger, ReminderRetry, exception);
            _reminderRetry ??= this.RegisterGrainTimer(EnsureReminderAsync, new GrainTimerCreationOptions
            {
                DueTime = ReminderRetry,
                Period = ReminderRetry,
                KeepAlive = true,
            });
        }
    }

    private async Task<int> TrimRetentionAsync()
    {
        var cutoff = timeProvider.GetUtcNow() - _options.Retention.Value;
        var expired = new DeadLetterFilter { FailedBefore = cutoff };
        var dropped = (await Task.WhenAll(GrainFactory.GetDeadLetterShards().Select(s => s.PurgeAsync(expired)))).Sum();
        Dropped(dropped, "retention");
        return dropped;
    }

    private async Task<int> TrimCapAsync()
    {
        var shards = GrainFactory.GetDeadLetterShards();
        var excess = (await Task.WhenAll(shards.Select(s => s.CountAsync()))).Sum() - _options.MaxLetters;
        if (excess <= 0)
        {
            return 0;
        }

        // The store's oldest `excess` entries are among the `excess` oldest of each shard.
        var oldest = await Task.WhenAll(shards.Select(async (shard, i) => (await shard.OldestAsync(excess)).Select(c => (Shard: i, Cursor: c))));
        var doomed = oldest.SelectMany(o => o).ToList();
        doomed.Sort((x, y) => DeadLetterCursor.Compare(y.Cursor, x.Cursor));
        var removals = doomed.Take(excess)
            .GroupBy(d => d.Shard)
            .Select(g => shards[g.Key].RemoveManyAsync([.. g.Select(d => d.Cursor.Id)]));
        var dropped = (await Task.WhenAll(removals)).Sum();
        Dropped(dropped, "cap");
        return dropped;
    }

    private void Dropped(int count, string reason)
    {
        if (count > 0)
        {
            metrics.DeadLettersDropped(count, reason);
            Log.Dropped(logger, count, reason);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DeadLettersDropped, EventName = "DeadLettersDropped", Level = LogLevel.Warning,
            Message = "Dropped {Count} dead letters ({Reason}: over dead_letters.max_letters, or older than dead_letters.retention)")]
        public static partial void Dropped(ILogger logger, int count, string reason);

        [LoggerMessage(EventId = LogEventIds.DeadLetterTrimReminderDeferred, EventName = "DeadLetterTrimReminderDeferred", Level = LogLevel.Warning,
            Message = "The dead-letter trim reminder could not be registered now; trying again in {Retry}")]
        public static partial void ReminderDeferred(ILogger logger, TimeSpan retry, Exception exception);

        [LoggerMessage(EventId = LogEventIds.DeadLetterTrimFailed, EventName = "DeadLetterTrimFailed", Level = LogLevel.Warning,
            Message = "The dead-letter store could not be trimmed to its limits now; it is tried again")]
        public static partial void TrimFailed(ILogger logger, Exception exception);
    }
}
