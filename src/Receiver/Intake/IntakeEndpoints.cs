using System.Globalization;
using Microsoft.Extensions.Options;
using Relay.Receiver.Diagnostics;

namespace Relay.Receiver.Intake;

/// <summary>Maps the CloudEvent intake: <c>POST /</c> (SPEC §1).</summary>
public static class IntakeEndpoints
{
    /// <summary>Seconds Tekton is told to wait on 503 (its SDK ignores it; other senders may honour it).</summary>
    private const int RetryAfterSeconds = 1;

    public static IEndpointConventionBuilder MapRelayIntake(this IEndpointRouteBuilder endpoints)
    {
        var intake = endpoints.MapPost("/", HandleAsync)
            .WithName("Intake")
            .WithSummary("Accepts one Tekton CloudEvent (binary or structured mode).")
            .DisableAntiforgery();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<IntakeOptions>>().Value.RateLimit.Enabled)
        {
            intake.RequireRateLimiting(IntakeRateLimiting.PolicyName);
        }

        return intake;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, IntakeHandler handler, RelayMetrics metrics, TimeProvider time)
    {
        var started = time.GetTimestamp();
        using var activity = RelayActivities.Source.StartActivity("relay.intake");
        var response = await handler.HandleAsync(context);
        activity?.SetTag("relay.outcome", response.Outcome.ToTag());
        activity?.SetTag("relay.event_key", response.EventKey);
        metrics.IntakeHandled(context.Request.Headers["ce-type"].ToString(), response.Outcome, time.GetElapsedTime(started));
        var status = response.Outcome.StatusCode();
        if (status is StatusCodes.Status503ServiceUnavailable or StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Json(response, statusCode: status);
    }
}
