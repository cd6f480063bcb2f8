using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Actions;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Actions.GitHub.Budget;
using Relay.Grains.Actions.GitHub.RateLimits;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// The GitHub module's executor: calls GitHub (commit statuses with <see cref="GitHubStatusClient"/>, the rest with Octokit), holds nothing, and turns every outcome (including
/// exceptions) into an <see cref="ActionResult"/> the run grain can put in its ledger. Every request it sends, the
/// App-token request included, observes the delivery's deadline (<see cref="GitHubCallDeadline"/>).
/// </summary>
internal sealed partial class GitHubEffectExecutor(
    IOptionsMonitor<GitHubOptions> options,
    GitHubClientFactory clients,
    GitHubCredentials credentials,
    GitHubCallGate gate,
    GitHubContentBudgets budgets,
    GitHubCallDeadline deadline,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger<GitHubEffectExecutor> logger) : IEffectExecutor
{
    public string Provider => GitHubActionPlanner.Provider;

    public async Task<ActionResult> ExecuteAsync(Effect effect, EffectMemo? memo, bool maybeSent, CancellationToken cancellationToken)
    {
        GitHubCommand? planned;
        try
        {
            planned = GitHubJson.ReadCommand(effect.Payload);
        }
        catch (System.Text.Json.JsonException exception)
        {
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = $"unreadable GitHub payload: {exception.Message}" };
        }

        if (planned is null)
        {
            return new ActionResult { Outcome = ActionOutcome.PermanentFailure, Error = "empty GitHub payload" };
        }

        var data = GitHubJson.ReadMemo(memo?.Data);
        var command = WithMemo(planned, memo, data);
        if (maybeSent)
        {
            // Sent, for all this activation knows, by an earlier one: look first (what a create after an unclear answer does).
            command = command with { MaybeCreated = true };
        }

        using var scope = deadline.Enter(cancellationToken);
        var result = await ExecuteAsync(command, data);
        return result with { Memo = MemoAfter(command, result, memo, data) };
    }

    /// <summary>The command as this delivery sends it: edit what earlier ones created; take back labels no longer wanted.</summary>
    internal static GitHubCommand WithMemo(GitHubCommand command, EffectMemo? memo, GitHubMemoData data)
    {
        if (long.TryParse(memo?.ResourceId, out var id))
        {
            command = command with { ResourceId = id };
        }

        if (command.Type == GitHubActionTypes.Label && data.Labels is { Count: > 0 } applied && command.AddLabels is { } wanted)
        {
            // Labels this action applied earlier and no longer wants are taken back.
            var stale = applied.Where(l => !wanted.Contains(l, StringComparer.OrdinalIgnoreCase));
            command = command with { RemoveLabels = (command.RemoveLabels ?? []).Union(stale, StringComparer.OrdinalIgnoreCase).ToArray() };
        }

        return command with { MaybeCreated = data.MaybeCreated };
    }

    /// <summary>What the row's memo says after this attempt: the created id, the labels applied, whether a create may have happened.</summary>
    private static EffectMemo? MemoAfter(GitHubCommand command, ActionResult result, EffectMemo? before, GitHubMemoData data)
    {
        var id = result.Memo?.ResourceId ?? before?.ResourceId;
        var after = data with
        {
            Labels = result.Outcome == ActionOutcome.Succeeded && command.Type == GitHubActionTypes.Label ? command.AddLabels ?? [] : data.Labels,
            // A clear answer settles it; an unclear one after a create or a commit status leaves "look first" for the next attempt.
            MaybeCreated = result.Outcome != ActionOutcome.Succeeded && (data.MaybeCreated || (result.Ambiguous && (command.Creates || command.Type == GitHubActionTypes.CommitStatus))),
        };
        var json = after.Labels is null && !after.MaybeCreated ? null : GitHubJson.Write(after);
        return id is null && json is null ? before : new EffectMemo { ResourceId = id, Data = json };
    }

    private async Task<ActionResult> ExecuteAsync(GitHubCommand command, GitHubMemoData data)
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

            return ActionResult.Success();
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
            credential = await credentials.GetAsync(instance, apiBaseUrl, deadline.Token);
            if (await gate.CheckAsync(credential, apiBaseUrl) is { } deferred)
            {
                return deferred;
            }

            if (await budgets.AcquireAsync(instance.Budget, credential, apiBaseUrl, command) is { } overBudget)
            {
                return overBudget;
            }

            // Commit statuses, most of what Relay sends, take the lean path; the other types go through Octokit.
            var result = command.Type == GitHubActionTypes.CommitStatus
                ? await GitHubStatusClient.PostAsync(clients.Http(instance), apiBaseUrl, credential.Token, command, time)
                : await GitHubEffects.ApplyAsync(clients.Create(instance, apiBaseUrl, credential.Token), command, time);
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

            var result = GitHubErrorClassifier.Classify(exception, time) with { Ambiguous = GitHubErrorClassifier.IsAmbiguous(exception) };
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
