using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Relay.Actions;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Actions.GitHub.RateLimits;
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
    GitHubCredentials credentials,
    GitHubCallGate gate,
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
                var detail = command.Type switch
                {
                    GitHubActionTypes.CommitStatus or GitHubActionTypes.DeploymentStatus => $"description=\"{command.Description}\"",
                    GitHubActionTypes.CheckRun => $"title=\"{command.Title}\" summary: {command.Body?.Length ?? 0} characters",
                    GitHubActionTypes.Label => "",
                    _ => $"body: {command.Body?.Length ?? 0} characters",
                };
                Log.DryRun(logger, baseUrl, effect, detail, command.TargetUrl ?? "none");
            }

            return ActionResult.Success(resourceId: command.ResourceId);
        }

        if (command.ApiBaseUrl is { } runOverride && !OnInstanceHost(runOverride, instance.BaseUrl))
        {
            // A PipelineRun's author must not be able to send the instance's credentials to a host of their choosing.
            Log.ApiBaseUrlRefused(logger, runOverride, instance.Name);
            return new ActionResult
            {
                Outcome = ActionOutcome.PermanentFailure,
                Error = $"scm.api-base-url '{runOverride}' is not on the host of scm.github '{instance.Name}' base_url; refused so its credentials stay with that host",
            };
        }

        var started = time.GetTimestamp();
        var apiBaseUrl = GitHubClientFactory.NormalizeBaseUrl(command.ApiBaseUrl ?? instance.BaseUrl);
        GitHubCredential? credential = null;
        try
        {
            credential = await credentials.GetAsync(instance, apiBaseUrl, CancellationToken.None);
            if (await gate.CheckAsync(credential, apiBaseUrl) is { } deferred)
            {
                return deferred;
            }

            var client = clients.Create(instance, apiBaseUrl, credential.Token);
            var result = await GitHubEffects.ApplyAsync(client, command, time);
            if (result.RateLimited)
            {
                // A half-done effect classified its own failure: share the limit all the same.
                await gate.ReportAsync(credential, apiBaseUrl, result);
            }

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
            if (credential is not null)
            {
                await gate.ReportAsync(credential, apiBaseUrl, exception);
            }

            var result = GitHubErrorClassifier.Classify(exception, time);
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

    /// <summary>The per-run API root may change the path or port, never the scheme's security or the host.</summary>
    internal static bool OnInstanceHost(string runOverride, string instanceBaseUrl) =>
        Uri.TryCreate(runOverride, UriKind.Absolute, out var requested)
        && Uri.TryCreate(instanceBaseUrl, UriKind.Absolute, out var configured)
        && string.Equals(requested.Host, configured.Host, StringComparison.OrdinalIgnoreCase)
        && (requested.Scheme == Uri.UriSchemeHttps || requested.Scheme == configured.Scheme);

    private static string Outcome(ActionResult result) => result.Outcome switch
    {
        ActionOutcome.Succeeded => "succeeded",
        ActionOutcome.TransientFailure => "transient_failure",
        _ => "permanent_failure",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.GitHubDryRun, EventName = "GitHubDryRun", Level = LogLevel.Information,
            Message = "Dry run: would send to {BaseUrl}: {Effect} {Detail} target_url={TargetUrl}")]
        public static partial void DryRun(ILogger logger, string baseUrl, string effect, string detail, string targetUrl);

        [LoggerMessage(EventId = LogEventIds.GitHubCallFailed, EventName = "GitHubCallFailed", Level = LogLevel.Warning,
            Message = "GitHub call {Effect} failed ({Outcome}): {Error}")]
        public static partial void CallFailed(ILogger logger, string effect, ActionOutcome outcome, string? error);

        [LoggerMessage(EventId = LogEventIds.GitHubApiBaseUrlRefused, EventName = "GitHubApiBaseUrlRefused", Level = LogLevel.Warning,
            Message = "scm.api-base-url {ApiBaseUrl} is not on the host of instance {Instance}: refused")]
        public static partial void ApiBaseUrlRefused(ILogger logger, string apiBaseUrl, string instance);

        [LoggerMessage(EventId = LogEventIds.GitHubInstanceUnknown, EventName = "GitHubInstanceUnknown", Level = LogLevel.Error,
            Message = "No scm.github instance named {Instance} is configured")]
        public static partial void InstanceUnknown(ILogger logger, string instance);
    }
}
