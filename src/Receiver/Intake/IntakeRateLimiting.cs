using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Relay.Receiver.Diagnostics;

namespace Relay.Receiver.Intake;

/// <summary>
/// <c>server.rate_limit</c> with ASP.NET Core's rate limiter: one token bucket per event source namespace (the
/// <c>namespaces/&lt;ns&gt;</c> segment of <c>ce-source</c>), else per client IP. Refusals are 429 with
/// <c>Retry-After</c> and the intake's JSON body.
/// </summary>
internal static class IntakeRateLimiting
{
    public const string PolicyName = "relay-intake";

    public static void AddIntakeRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<IntakeOptions>>((limiter, intake) =>
        {
            var settings = intake.Value.RateLimit;
            limiter.AddPolicy(PolicyName, context => RateLimitPartition.GetTokenBucketLimiter(
                PartitionKey(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = RejectAsync;
        });
    }

    /// <summary><c>ns:&lt;namespace&gt;</c> from a Tekton <c>ce-source</c>, else <c>ip:&lt;client address&gt;</c>.</summary>
    public static string PartitionKey(HttpContext context) =>
        SourceNamespace(context.Request.Headers["ce-source"].ToString()) is { } ns
            ? "ns:" + ns
            : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    /// <summary>The namespace in <c>/apis///namespaces/&lt;ns&gt;//&lt;name&gt;</c>, or null.</summary>
    public static string? SourceNamespace(string? source)
    {
        if (string.IsNullOrEmpty(source))
        {
            return null;
        }

        var segments = source.Split('/');
        var index = Array.IndexOf(segments, "namespaces");
        return index >= 0 && index + 1 < segments.Length && segments[index + 1] is { Length: > 0 and <= 63 } ns ? ns : null;
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var context = rejected.HttpContext;
        context.RequestServices.GetRequiredService<RelayMetrics>().IntakeHandled(context.Request.Headers["ce-type"].ToString(), IntakeOutcome.RateLimited, elapsed: null);
        var response = context.Response;
        response.StatusCode = IntakeOutcome.RateLimited.StatusCode();
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await response.WriteAsJsonAsync(
            IntakeResponse.Of(IntakeOutcome.RateLimited, $"more than server.rate_limit allows for this source; retry in {seconds}s"),
            cancellationToken);
    }
}
