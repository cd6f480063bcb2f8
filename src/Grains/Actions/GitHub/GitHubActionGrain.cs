using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Octokit;
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
    async Task<ActionResult> IGitHubActionGrain.PostCommitStatusAsync(CommitStatusCommand command)
    {
        var instance = options.CurrentValue.GitHub.Find(i => string.Equals(i.Name, command.Instance, StringComparison.OrdinalIgnoreCase));
        if (instance is null)
        {
            Log.InstanceUnknown(logger, command.Instance);
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = $"no scm.github instance named '{command.Instance}'" };
        }

        if (instance.DryRun)
        {
            var baseUrl = GitHubClientFactory.NormalizeBaseUrl(command.ApiBaseUrl ?? instance.BaseUrl);
            Log.DryRun(logger, baseUrl, command.Owner, command.Repository, command.Sha, command.Context, command.State, command.Description, command.TargetUrl);
            return ActionResult.Success();
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
            await client.Repository.Status.Create(command.Owner, command.Repository, command.Sha, new NewCommitStatus
            {
                State = ToCommitState(command.State),
                Context = command.Context,
                Description = command.Description,
                TargetUrl = command.TargetUrl,
            });
            metrics.ProviderCalled("github", "succeeded", time.GetElapsedTime(started));
            return ActionResult.Success(201);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            if (credential is not null)
            {
                await gate.ReportAsync(credential, apiBaseUrl, exception);
            }

            var result = GitHubErrorClassifier.Classify(exception, time);
            metrics.ProviderCalled("github", result.Outcome == ActionOutcome.TransientFailure ? "transient_failure" : "permanent_failure", time.GetElapsedTime(started));
            // The provider's answer says it all; a stack trace per failed call would only cost CPU and log volume.
            Log.CallFailed(logger, command.Context, command.Sha, result.Outcome, result.Error);
            return result;
        }
    }

    private static CommitState ToCommitState(string state) => state switch
    {
        "pending" => CommitState.Pending,
        "success" => CommitState.Success,
        "failure" => CommitState.Failure,
        _ => CommitState.Error,
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.GitHubDryRun, EventName = "GitHubDryRun", Level = LogLevel.Information,
            Message = "Dry run: would POST {BaseUrl}repos/{Owner}/{Repository}/statuses/{Sha} context={Context} state={State} description=\"{Description}\" target_url={TargetUrl}")]
        public static partial void DryRun(ILogger logger, string baseUrl, string owner, string repository, string sha, string context, string state, string description, string? targetUrl);

        [LoggerMessage(EventId = LogEventIds.GitHubCallFailed, EventName = "GitHubCallFailed", Level = LogLevel.Warning,
            Message = "GitHub call for context {Context} on {Sha} failed ({Outcome}): {Error}")]
        public static partial void CallFailed(ILogger logger, string context, string sha, ActionOutcome outcome, string? error);

        [LoggerMessage(EventId = LogEventIds.GitHubInstanceUnknown, EventName = "GitHubInstanceUnknown", Level = LogLevel.Error,
            Message = "No scm.github instance named {Instance} is configured")]
        public static partial void InstanceUnknown(ILogger logger, string instance);
    }
}
