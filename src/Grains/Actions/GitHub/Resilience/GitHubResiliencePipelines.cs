using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.GitHub.Resilience;

/// <summary>
/// One Polly pipeline per <c>scm.github[]</c> instance and silo (so one circuit breaker per instance), rebuilt when
/// the instance's <c>resilience</c> settings change. Order, outermost first: retry → circuit breaker → attempt timeout.
/// </summary>
/// <remarks>
/// The caller is a grain call with a 30 s response timeout, so only short waits happen here: a <c>Retry-After</c> or
/// rate-limit reset longer than <c>max_retry_wait</c> is not retried; the response goes back to Octokit, which
/// throws, and the run grain's outbox waits durably.
/// </remarks>
internal sealed partial class GitHubResiliencePipelines(TimeProvider time, RelayMetrics metrics, ILogger<GitHubResiliencePipelines> logger)
{
    private const string Provider = "github";
    private readonly ConcurrentDictionary<string, (Settings Settings, ResiliencePipeline<HttpResponseMessage> Pipeline)> _pipelines =
        new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The pipeline of <paramref name="instance"/>; the same object while its settings stay the same.</summary>
    public ResiliencePipeline<HttpResponseMessage> For(GitHubInstanceOptions instance)
    {
        var settings = Settings.From(instance.Resilience);
        return _pipelines.AddOrUpdate(
            instance.Name,
            static (name, state) => (state.Settings, state.Self.Build(name, state.Settings)),
            static (name, current, state) => current.Settings == state.Settings ? current : (state.Settings, state.Self.Build(name, state.Settings)),
            (Self: this, Settings: settings)).Pipeline;
    }

    private ResiliencePipeline<HttpResponseMessage> Build(string instance, Settings settings)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = $"github/{instance}", TimeProvider = time };
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.BaseDelay,
                MaxDelay = settings.MaxRetryWait > TimeSpan.Zero ? settings.MaxRetryWait : settings.BaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, settings.MaxRetryWait, args.Context.GetRequestMessage())),
                // null: the exponential backoff with jitter; otherwise what the server asked for (already within the cap).
                DelayGenerator = args => ValueTask.FromResult(RequestedWait(args.Outcome)),
                OnRetry = args =>
                {
                    var reason = Reason(args.Outcome);
                    metrics.ProviderRetried(Provider, reason);
                    if (reason == "rate_limit")
                    {
                        metrics.RateLimitWaited(Provider, "in_process");
                    }

                    Log.Retrying(logger, instance, args.AttemptNumber + 1, reason, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = settings.FailureRatio,
            MinimumThroughput = settings.MinimumThroughput,
            SamplingDuration = settings.SamplingDuration,
            BreakDuration = settings.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
        });
        builder.AddTimeout(settings.Timeout);
        return builder.Build();
    }

    private ResponseSignal Inspect(HttpResponseMessage response) =>
        new((int)response.StatusCode, GitHubRateLimitSignal.Read(response, time.GetUtcNow()));

    private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryWait, HttpRequestMessage? request)
    {
        // A request that creates something (a comment, a check run, a deployment) is repeated only when GitHub
        // certainly did not act on it (429 or a rate limit: refused before any work). After a timeout, a broken
        // connection or a 5xx it may exist already: the run grain's next delivery looks for it before creating again.
        var creates = request is not null && CreatesResource(request);
        if (outcome.Exception is { } exception)
        {
            // An open breaker says "not now" for longer than a retry would wait; the caller's own cancellation ends the call.
            return !creates && exception is HttpRequestException or TimeoutRejectedException;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var (status, signal) = Inspect(response);
        var retryable = status == 429 || signal.IsRateLimit || (status >= 500 && !creates);
        return retryable && (signal.Wait is not { } wait || wait <= maxRetryWait);
    }

    /// <summary>
    /// POSTs that create a resource GitHub keeps one of per call: issue and commit comments, check runs, deployments.
    /// Statuses (of a commit or a deployment) and labels are safe to repeat: the same state again changes nothing a
    /// reader sees.
    /// </summary>
    internal static bool CreatesResource(HttpRequestMessage request)
    {
        if (request.Method != HttpMethod.Post || request.RequestUri is not { } uri)
        {
            return false;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/comments", StringComparison.Ordinal)
            || path.EndsWith("/check-runs", StringComparison.Ordinal)
            || path.EndsWith("/deployments", StringComparison.Ordinal);
    }

    private TimeSpan? RequestedWait(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? Inspect(response).Signal.Wait : null;

    private string Reason(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is TimeoutRejectedException)
        {
            return "timeout";
        }

        if (outcome.Result is not { } response)
        {
            return "network";
        }

        var (status, signal) = Inspect(response);
        return signal.IsRateLimit ? "rate_limit" : status == 429 ? "too_many_requests" : "server_error";
    }

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException or TimeoutRejectedException ||
        outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout } ||
        outcome.Result is { } response && (int)response.StatusCode >= 500;

    private readonly record struct ResponseSignal(int Status, GitHubRateLimitSignal Signal);

    /// <summary>The settings a pipeline was built from: a change rebuilds it (and resets its breaker).</summary>
    private readonly record struct Settings(
        int MaxRetries, TimeSpan BaseDelay, TimeSpan MaxRetryWait, TimeSpan Timeout,
        double FailureRatio, int MinimumThroughput, TimeSpan SamplingDuration, TimeSpan BreakDuration)
    {
        public static Settings From(GitHubResilienceOptions o) => new(
            o.MaxRetries, o.BaseDelay.Value, o.MaxRetryWait.Value, o.Timeout.Value,
            o.CircuitBreaker.FailureRatio, o.CircuitBreaker.MinimumThroughput,
            o.CircuitBreaker.SamplingDuration.Value, o.CircuitBreaker.BreakDuration.Value);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.GitHubRetry, EventName = "GitHubRetry", Level = LogLevel.Information,
            Message = "GitHub call on instance {Instance}: attempt {Attempt} after {Reason}, waiting {Delay}")]
        public static partial void Retrying(ILogger logger, string instance, int attempt, string reason, TimeSpan delay);
    }
}
