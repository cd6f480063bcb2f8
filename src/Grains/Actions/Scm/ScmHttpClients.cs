using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.Scm;

/// <summary>
/// One named <see cref="HttpClient"/> per SCM provider (<c>relay-scm-gitlab</c>, …) from <c>IHttpClientFactory</c>, with
/// the kit's resilience: a short in-process retry (429, and 5xx or a transport failure of a request that is safe to
/// repeat) honouring the provider's <c>Retry-After</c> and rate-limit reset headers up to <see cref="MaxRetryWait"/>,
/// and a per-attempt timeout. Longer waits go back to the run's outbox, which waits durably. Header values are redacted
/// in the client's logs: the auth header never reaches a log.
/// </summary>
internal static partial class ScmHttpClients
{
    /// <summary>The longest wait retried in process; the delivery deadline (at most 80 % of 30 s) must hold a retry.</summary>
    public static readonly TimeSpan MaxRetryWait = TimeSpan.FromSeconds(5);

    /// <summary>In-process retries after the first attempt.</summary>
    public const int MaxRetries = 2;

    /// <summary>One attempt's timeout.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The name of <paramref name="provider"/>'s client.</summary>
    public static string ClientName(string provider) => $"relay-scm-{provider}";

    /// <summary>Registers <paramref name="provider"/>'s client.</summary>
    public static IServiceCollection AddScmHttpClient(this IServiceCollection services, string provider)
    {
        services.AddHttpClient(ClientName(provider), client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RedactLoggedHeaders(_ => true)
            .AddResilienceHandler(ClientName(provider), (builder, context) =>
            {
                var metrics = context.ServiceProvider.GetRequiredService<RelayMetrics>();
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ScmHttpClients).FullName!);
                builder.TimeProvider = time;
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(200),
                    MaxDelay = MaxRetryWait,
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), time)),
                    DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? ScmHttp.RequestedWait(response, time.GetUtcNow()) : null),
                    OnRetry = args =>
                    {
                        var reason = Reason(args.Outcome);
                        metrics.ProviderRetried(provider, reason);
                        if (reason == "rate_limit")
                        {
                            metrics.RateLimitWaited(provider, "in_process");
                        }

                        Log.Retrying(logger, provider, args.AttemptNumber + 1, reason, args.RetryDelay);
                        return ValueTask.CompletedTask;
                    },
                });
                builder.AddTimeout(AttemptTimeout);
            });
        return services;
    }

    /// <summary>
    /// 429 is repeated (the provider refused before doing anything); a 5xx, a timeout or a broken connection only
    /// when the request does not create something (a comment may exist already: the next delivery looks for it).
    /// A wait longer than <see cref="MaxRetryWait"/> is left to the outbox.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, TimeProvider time)
    {
        var creates = request is not null && request.Options.TryGetValue(ScmHttp.Creates, out var c) && c;
        if (outcome.Exception is { } exception)
        {
            return !creates && exception is HttpRequestException or TimeoutRejectedException;
        }

        if (outcome.Result is not { } response)
        {
            return false;
        }

        var status = (int)response.StatusCode;
        var retryable = status == 429 || (!creates && (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout));
        return retryable && (ScmHttp.RequestedWait(response, time.GetUtcNow()) is not { } wait || wait <= MaxRetryWait);
    }

    private static string Reason(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: TimeoutRejectedException } => "timeout",
        { Exception: not null } => "network",
        { Result.StatusCode: HttpStatusCode.TooManyRequests } => "rate_limit",
        _ => "server_error",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.ScmRetry, EventName = "ScmRetry", Level = LogLevel.Information,
            Message = "{Provider} call: retry {Attempt} after {Reason} in {Delay}")]
        public static partial void Retrying(ILogger logger, string provider, int attempt, string reason, TimeSpan delay);
    }
}
