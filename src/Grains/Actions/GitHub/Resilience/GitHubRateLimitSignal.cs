using System.Globalization;

namespace Relay.Grains.Actions.GitHub.Resilience;

/// <summary>
/// What a GitHub response says about waiting (TEKTON.md §4.4): <c>Retry-After</c> (seconds or an HTTP date) first,
/// else <c>x-ratelimit-reset</c> (epoch seconds) when <c>x-ratelimit-remaining</c> is 0. A 403 or 429 with either
/// signal is a rate limit; a 403 without one is a plain permission error.
/// </summary>
/// <param name="IsRateLimit">403/429 with <c>x-ratelimit-remaining: 0</c> or a <c>Retry-After</c>.</param>
/// <param name="Wait">How long the server asks to wait from now, when it says so.</param>
internal readonly record struct GitHubRateLimitSignal(bool IsRateLimit, TimeSpan? Wait)
{
    /// <summary>Reads a response's status and headers; <paramref name="header"/> must look names up case-insensitively.</summary>
    public static GitHubRateLimitSignal Read(int status, Func<string, string?> header, DateTimeOffset now)
    {
        var retryAfter = RetryAfter(header("retry-after"), now);
        var exhausted = string.Equals(header("x-ratelimit-remaining")?.Trim(), "0", StringComparison.Ordinal);
        TimeSpan? untilReset = null;
        if (exhausted && long.TryParse(header("x-ratelimit-reset"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            var reset = DateTimeOffset.FromUnixTimeSeconds(epoch);
            untilReset = reset > now ? reset - now : TimeSpan.Zero;
        }

        var isRateLimit = (status is 403 or 429) && (exhausted || retryAfter is not null);
        return new GitHubRateLimitSignal(isRateLimit, retryAfter ?? untilReset);
    }

    /// <summary>Reads Octokit's response headers (a case-sensitive dictionary) case-insensitively.</summary>
    public static GitHubRateLimitSignal Read(int status, IReadOnlyDictionary<string, string>? headers, DateTimeOffset now) =>
        Read(status, name => Find(headers, name), now);

    /// <summary>Reads an <see cref="HttpResponseMessage"/>'s headers.</summary>
    public static GitHubRateLimitSignal Read(HttpResponseMessage response, DateTimeOffset now) =>
        Read((int)response.StatusCode, name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null, now);

    private static TimeSpan? RetryAfter(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        }

        return DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date > now ? date - now : TimeSpan.Zero
            : null;
    }

    private static string? Find(IReadOnlyDictionary<string, string>? headers, string name)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }
}
