using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.GitHub.RateLimits;

/// <summary>
/// This silo's view of <see cref="IGitHubRateLimitGrain"/>: asks the grain at most once per <see cref="CacheFor"/> per
/// credential, and learns a limit this silo observed at once (before telling the grain).
/// </summary>
internal sealed partial class GitHubRateLimits(IGrainFactory grains, TimeProvider time, ILogger<GitHubRateLimits> logger)
{
    /// <summary>How long an answer of the grain is trusted: another silo's report reaches this one within it.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);

    /// <summary>The grain key of a credential at an API root: <c>&lt;identity&gt;@&lt;base url&gt;</c>.</summary>
    public static string KeyFor(GitHubCredential credential, string baseUrl) =>
        $"{credential.Identity}@{GitHubClientFactory.NormalizeBaseUrl(baseUrl)}";

    /// <summary>When <paramref name="key"/> may be used again, or null when it is not known to be limited.</summary>
    public async ValueTask<DateTimeOffset?> GetBlockedUntilAsync(string key)
    {
        var now = time.GetUtcNow();
        if (_known.TryGetValue(key, out var known))
        {
            if (known.BlockedUntil is { } until && until > now)
            {
                return until;
            }

            if (now - known.CheckedAt < CacheFor)
            {
                return null;
            }
        }

        DateTimeOffset? blockedUntil;
        try
        {
            blockedUntil = await grains.GetGrain<IGitHubRateLimitGrain>(key).GetBlockedUntilAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The limit is an optimisation: without the grain, GitHub itself still answers 403/429.
            Log.GrainUnavailable(logger, key, exception.Message);
            return null;
        }

        var merged = Remember(key, blockedUntil, now);
        return merged > now ? merged : null;
    }

    /// <summary>This silo saw <paramref name="key"/> limited until <paramref name="blockedUntil"/>: remember it, tell the cluster.</summary>
    public async ValueTask ReportAsync(string key, DateTimeOffset blockedUntil)
    {
        Remember(key, blockedUntil, time.GetUtcNow());
        try
        {
            await grains.GetGrain<IGitHubRateLimitGrain>(key).ReportAsync(blockedUntil);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.GrainUnavailable(logger, key, exception.Message);
        }
    }

    private DateTimeOffset? Remember(string key, DateTimeOffset? blockedUntil, DateTimeOffset now) =>
        _known.AddOrUpdate(
            key,
            static (_, state) => new Known(state.BlockedUntil, state.Now),
            static (_, current, state) => new Known(Max(current.BlockedUntil, state.BlockedUntil), state.Now),
            (BlockedUntil: blockedUntil, Now: now)).BlockedUntil;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a > b ? a : b;

    private sealed record Known(DateTimeOffset? BlockedUntil, DateTimeOffset CheckedAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.GitHubRateLimitGrainUnavailable, EventName = "GitHubRateLimitGrainUnavailable", Level = LogLevel.Warning,
            Message = "Rate-limit grain {Key} unavailable, going on without the cluster's view: {Error}")]
        public static partial void GrainUnavailable(ILogger logger, string key, string error);
    }
}
