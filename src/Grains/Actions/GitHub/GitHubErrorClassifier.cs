using System.Net;
using Octokit;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Relay.Actions;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Actions.GitHub.Resilience;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Turns what a GitHub call threw into an <see cref="ActionResult"/>. Transient: 429, 5xx, rate limits (403/429 with
/// <c>x-ratelimit-remaining: 0</c> or <c>Retry-After</c>), network, timeouts, an open circuit. Permanent: everything
/// else (401, 404, 422, unusable credentials).
/// </summary>
internal static class GitHubErrorClassifier
{
    private static readonly TimeSpan SecondaryDefaultWait = TimeSpan.FromMinutes(1);

    public static ActionResult Classify(Exception exception, TimeProvider time)
    {
        if (Find<BrokenCircuitException>(exception) is { } broken)
        {
            return new ActionResult
            {
                Outcome = ActionOutcome.TransientFailure,
                Error = "GitHub not called: the instance's circuit breaker is open after repeated failures",
                RetryAfter = broken.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : null,
            };
        }

        if (Find<TimeoutRejectedException>(exception) is { } timeout)
        {
            return new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = $"GitHub did not answer in time: {timeout.Message}" };
        }

        if (exception is ApiException limited && IsRateLimit(limited, time.GetUtcNow(), out var limitWait))
        {
            return Transient(limited, limitWait) with { RateLimited = true };
        }

        return exception switch
        {
            ApiException api when (int)api.StatusCode == 429 || (int)api.StatusCode >= 500 => Transient(api, RetryAfterHeader(api)),
            ApiException api => new ActionResult
            {
                Outcome = ActionOutcome.PermanentFailure,
                StatusCode = (int)api.StatusCode,
                Error = $"GitHub answered {(int)api.StatusCode}: {api.ApiError?.Message ?? api.Message}",
            },
            GitHubCredentialException credentials => new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = $"credentials: {credentials.Message}" },
            HttpRequestException or TaskCanceledException or TimeoutException => new ActionResult
            {
                Outcome = ActionOutcome.TransientFailure,
                Error = $"GitHub unreachable: {exception.Message}",
            },
            IOException io => new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = $"credentials: {io.Message}" },
            _ => new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = exception.Message },
        };
    }

    /// <summary>
    /// Classifies an error answer of the lean commit-status path (<see cref="GitHubStatusClient"/>) as
    /// <see cref="Classify"/> does Octokit's exceptions for the same answer: a rate limit by its headers or by the body
    /// GitHub sends with a 403/429 (primary, secondary, abuse), 429 and 5xx transient, everything else permanent.
    /// </summary>
    public static ActionResult ClassifyAnswer(int status, GitHubRateLimitSignal signal, TimeSpan? retryAfter, string body, string? message)
    {
        var text = message ?? (body.Length > 200 ? body[..200] : body);
        var secondary = body.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase)
            || body.Contains("abuse", StringComparison.OrdinalIgnoreCase);
        var primary = body.Contains("rate limit exceeded", StringComparison.OrdinalIgnoreCase);
        if (signal.IsRateLimit || (status is 403 or 429 && (secondary || primary)))
        {
            // GitHub: a secondary limit without retry-after or reset means "wait at least a minute" (TEKTON.md §4.4).
            var wait = signal.Wait ?? (secondary ? SecondaryDefaultWait : null);
            return TransientAnswer(status, text, wait) with { RateLimited = true };
        }

        if (status == 429 || status >= 500)
        {
            return TransientAnswer(status, text, retryAfter);
        }

        return new ActionResult
        {
            Outcome = ActionOutcome.PermanentFailure,
            StatusCode = status,
            Error = $"GitHub answered {status}: {text}",
        };
    }

    private static ActionResult TransientAnswer(int status, string text, TimeSpan? retryAfter) => new()
    {
        Outcome = ActionOutcome.TransientFailure,
        StatusCode = status,
        Error = $"GitHub answered {status}: {text}",
        RetryAfter = retryAfter is { } wait && wait > TimeSpan.Zero ? wait : null,
    };

    /// <summary>
    /// True when the request may have reached GitHub and been acted on although no clear answer came back (a timeout,
    /// a cancelled or broken connection, a 5xx from a proxy): a create must then be looked for before it is repeated.
    /// </summary>
    public static bool IsAmbiguous(Exception exception) =>
        Find<BrokenCircuitException>(exception) is null
        && (exception is OperationCanceledException or HttpRequestException or TimeoutException
            || Find<TimeoutRejectedException>(exception) is not null
            || exception is ApiException { StatusCode: >= System.Net.HttpStatusCode.InternalServerError });

    /// <summary>
    /// Until when the credential is rate limited, when <paramref name="exception"/> is a rate-limit answer
    /// (primary: until <c>x-ratelimit-reset</c>; secondary: <c>Retry-After</c> from now). Null otherwise.
    /// </summary>
    public static DateTimeOffset? BlockedUntil(Exception exception, DateTimeOffset now) =>
        exception is ApiException api && IsRateLimit(api, now, out var wait) && wait is { } until ? now + until : null;

    /// <summary>The <c>Retry-After</c> header of an error response, in seconds.</summary>
    public static TimeSpan? RetryAfterHeader(ApiException exception)
    {
        var headers = exception.HttpResponse?.Headers;
        if (headers is null)
        {
            return null;
        }

        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, "Retry-After", StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(value, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    /// <summary>A rate-limit answer, by its headers or by Octokit's reading of its body; <paramref name="wait"/> when known.</summary>
    private static bool IsRateLimit(ApiException api, DateTimeOffset now, out TimeSpan? wait)
    {
        var signal = GitHubRateLimitSignal.Read((int)api.StatusCode, api.HttpResponse?.Headers, now);
        wait = api switch
        {
            _ when signal.IsRateLimit => signal.Wait,
            RateLimitExceededException rate => signal.Wait ?? rate.GetRetryAfterTimeSpan(),
            AbuseException abuse => signal.Wait ?? (abuse.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : SecondaryDefaultWait),
            // GitHub: a secondary limit without retry-after or reset means "wait at least a minute" (TEKTON.md §4.4).
            SecondaryRateLimitExceededException => signal.Wait ?? SecondaryDefaultWait,
            _ => signal.Wait,
        };
        return signal.IsRateLimit || api is RateLimitExceededException or SecondaryRateLimitExceededException or AbuseException;
    }

    private static ActionResult Transient(ApiException exception, TimeSpan? retryAfter) => new()
    {
        Outcome = ActionOutcome.TransientFailure,
        StatusCode = (int)exception.StatusCode == 0 ? (int)HttpStatusCode.Forbidden : (int)exception.StatusCode,
        Error = $"GitHub answered {(int)exception.StatusCode}: {exception.Message}",
        RetryAfter = retryAfter is { } wait && wait > TimeSpan.Zero ? wait : null,
    };

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is T found)
            {
                return found;
            }
        }

        return null;
    }
}
