using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
using Orleans.Concurrency;
using Relay.Actions;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Calls GitHub with Octokit. A stateless worker: it runs on the caller's silo, holds nothing, and turns every
/// outcome (including exceptions) into an <see cref="ActionResult"/> the run grain can put in its ledger.
/// </summary>
// Reentrant: calls are I/O-bound and share nothing, so one activation serves many at once.
[StatelessWorker, Reentrant, GrainType("github-action")]
internal sealed partial class GitHubActionGrain(
    IOptionsMonitor<ScmOptions> options,
    GitHubClientFactory clients,
    GitHubTokenProvider tokens,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger<GitHubActionGrain> logger) : Grain, IGitHubActionGrain
{
    async Task<ActionResult> IGitHubActionGrain.ExecuteAsync(GitHubCommand command)
    {
        var instance = options.CurrentValue.GitHub.Find(i => string.Equals(i.Name, command.Instance, StringComparison.OrdinalIgnoreCase));
        if (instance is null)
        {
            Log.InstanceUnknown(logger, command.Instance);
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = $"no scm.github instance named '{command.Instance}'" };
        }

        if (instance.DryRun)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var baseUrl = GitHubClientFactory.NormalizeBaseUrl(command.ApiBaseUrl ?? instance.BaseUrl);
                var effect = command.Describe();
                Log.DryRun(logger, baseUrl, effect, command.Description, command.TargetUrl);
            }

            return ActionResult.Success(resourceId: command.ResourceId);
        }

        var started = time.GetTimestamp();
        try
        {
            var token = tokens.GetToken(instance.Auth.TokenFile ?? "");
            var client = clients.Create(command.ApiBaseUrl ?? instance.BaseUrl, token);
            var result = await GitHubEffects.ApplyAsync(client, command);
            metrics.ProviderCalled("github", Outcome(result), time.GetElapsedTime(started));
            if (result.Outcome != ActionOutcome.Succeeded && logger.IsEnabled(LogLevel.Warning))
            {
                var effect = command.Describe();
                Log.CallFailed(logger, effect, result.Outcome, result.Error);
            }

            return result;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            var result = Classify(exception);
            metrics.ProviderCalled("github", Outcome(result), time.GetElapsedTime(started));
            // The provider's answer says it all; a stack trace per failed call would only cost CPU and log volume.
            if (logger.IsEnabled(LogLevel.Warning))
            {
                var effect = command.Describe();
                Log.CallFailed(logger, effect, result.Outcome, result.Error);
            }

            return result;
        }
    }

    private static string Outcome(ActionResult result) => result.Outcome switch
    {
        ActionOutcome.Succeeded => "succeeded",
        ActionOutcome.TransientFailure => "transient_failure",
        _ => "permanent_failure",
    };

    /// <summary>Transient: 429, 5xx, rate limits, network and timeouts. Permanent: everything else (401, 404, 422, …).</summary>
    internal static ActionResult Classify(Exception exception) => exception switch
    {
        RateLimitExceededException rate => Transient(rate, rate.GetRetryAfterTimeSpan()),
        SecondaryRateLimitExceededException secondary => Transient(secondary, RetryAfterHeader(secondary)),
        AbuseException abuse => Transient(abuse, abuse.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null),
        ApiException api when (int)api.StatusCode == 429 || (int)api.StatusCode >= 500 => Transient(api, RetryAfterHeader(api)),
        ApiException api => new ActionResult
        {
            Outcome = ActionOutcome.PermanentFailure,
            StatusCode = (int)api.StatusCode,
            Error = $"GitHub answered {(int)api.StatusCode}: {api.ApiError?.Message ?? api.Message}",
        },
        HttpRequestException or TaskCanceledException or TimeoutException => new ActionResult
        {
            Outcome = ActionOutcome.TransientFailure,
            Error = $"GitHub unreachable: {exception.Message}",
        },
        IOException io => new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = $"credentials: {io.Message}" },
        _ => new ActionResult { Outcome = ActionOutcome.TransientFailure, Error = exception.Message },
    };

    private static ActionResult Transient(ApiException exception, TimeSpan? retryAfter) => new()
    {
        Outcome = ActionOutcome.TransientFailure,
        StatusCode = (int)exception.StatusCode == 0 ? (int)HttpStatusCode.Forbidden : (int)exception.StatusCode,
        Error = $"GitHub answered {(int)exception.StatusCode}: {exception.Message}",
        RetryAfter = retryAfter is { } wait && wait > TimeSpan.Zero ? wait : null,
    };

    private static TimeSpan? RetryAfterHeader(ApiException exception)
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

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.GitHubDryRun, EventName = "GitHubDryRun", Level = LogLevel.Information,
            Message = "Dry run: would send to {BaseUrl}: {Effect} description=\"{Description}\" target_url={TargetUrl}")]
        public static partial void DryRun(ILogger logger, string baseUrl, string effect, string? description, string? targetUrl);

        [LoggerMessage(EventId = LogEventIds.GitHubCallFailed, EventName = "GitHubCallFailed", Level = LogLevel.Warning,
            Message = "GitHub call {Effect} failed ({Outcome}): {Error}")]
        public static partial void CallFailed(ILogger logger, string effect, ActionOutcome outcome, string? error);

        [LoggerMessage(EventId = LogEventIds.GitHubInstanceUnknown, EventName = "GitHubInstanceUnknown", Level = LogLevel.Error,
            Message = "No scm.github instance named {Instance} is configured")]
        public static partial void InstanceUnknown(ILogger logger, string instance);
    }
}
