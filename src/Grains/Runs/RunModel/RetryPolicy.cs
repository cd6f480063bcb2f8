namespace Relay.Grains.Runs.RunModel;

/// <summary>
/// How long an outbox entry waits after a failed attempt: exponential from <see cref="OutboxOptions.InitialBackoff"/>,
/// capped at <see cref="OutboxOptions.MaxBackoff"/>, with jitter on the upper half so retries of many runs do not march
/// in step; a provider's own wait (<c>Retry-After</c>, rate-limit reset) wins.
/// </summary>
internal sealed class RetryPolicy(OutboxOptions options, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    public int MaxAttempts => options.MaxAttempts;

    /// <summary>The wait after the <paramref name="attempts"/>-th failed attempt (1-based).</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponential = options.InitialBackoff * Math.Pow(2, Math.Clamp(attempts - 1, 0, 16));
        var capped = exponential > options.MaxBackoff ? options.MaxBackoff : exponential;
        return capped * (0.5 + (_random() / 2));
    }
}
