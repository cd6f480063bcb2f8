using Microsoft.Extensions.Logging;
using Relay.Actions;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.GitHub.RateLimits;

/// <summary>
/// Wraps every GitHub call of an action grain: <see cref="CheckAsync"/> before (a credential the cluster knows to be
/// rate limited is not used: the call is deferred to the outbox), <c>ReportAsync</c> after a failure (a
/// rate-limit answer is shared with the cluster).
/// </summary>
internal sealed partial class GitHubCallGate(GitHubRateLimits limits, RelayMetrics metrics, TimeProvider time, ILogger<GitHubCallGate> logger)
{
    private const string Provider = "github";

    /// <summary>Null when the call may go ahead; otherwise the transient, rate-limited result to return instead.</summary>
    public async ValueTask<ActionResult?> CheckAsync(GitHubCredential credential, string baseUrl)
    {
        var key = GitHubRateLimits.KeyFor(credential, baseUrl);
        if (await limits.GetBlockedUntilAsync(key) is not { } until)
        {
            return null;
        }

        var wait = until - time.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return null;
        }

        metrics.RateLimitWaited(Provider, "deferred");
        Log.Deferred(logger, key, until);
        return new ActionResult
        {
            Outcome = ActionOutcome.TransientFailure,
            RateLimited = true,
            RetryAfter = wait,
            Error = $"GitHub not called: rate limit of {credential.Identity} exhausted until {until:O}",
        };
    }

    /// <summary>Shares a rate-limit answer in <paramref name="exception"/> with the cluster; ignores any other failure.</summary>
    public async ValueTask ReportAsync(GitHubCredential credential, string baseUrl, Exception exception)
    {
        if (GitHubErrorClassifier.BlockedUntil(exception, time.GetUtcNow()) is not { } until)
        {
            return;
        }

        var key = GitHubRateLimits.KeyFor(credential, baseUrl);
        Log.Observed(logger, key, until);
        await limits.ReportAsync(key, until);
    }

    /// <summary>
    /// Shares a rate limit that an effect classified itself (a half-done effect keeps its resource id): the result's
    /// <see cref="ActionResult.RetryAfter"/> from now. Ignores any other result.
    /// </summary>
    public async ValueTask ReportAsync(GitHubCredential credential, string baseUrl, ActionResult result)
    {
        if (!result.RateLimited || result.RetryAfter is not { } wait || wait <= TimeSpan.Zero)
        {
            return;
        }

        var key = GitHubRateLimits.KeyFor(credential, baseUrl);
        var until = time.GetUtcNow() + wait;
        Log.Observed(logger, key, until);
        await limits.ReportAsync(key, until);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.GitHubRateLimited, EventName = "GitHubRateLimited", Level = LogLevel.Information,
            Message = "GitHub call deferred: {Key} is rate limited until {Until}")]
        public static partial void Deferred(ILogger logger, string key, DateTimeOffset until);

        [LoggerMessage(EventId = LogEventIds.GitHubRateLimitObserved, EventName = "GitHubRateLimitObserved", Level = LogLevel.Warning,
            Message = "GitHub rate limit reached for {Key}: no calls until {Until}")]
        public static partial void Observed(ILogger logger, string key, DateTimeOffset until);
    }
}
