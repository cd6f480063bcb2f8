using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Actions.GitHub.Budget;
using Relay.Grains.Actions.GitHub.Resilience;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.GitHub;

/// <summary>Checks <c>scm.github[]</c> and reports every problem with its configuration path.</summary>
internal sealed class GitHubOptionsValidator(RelayTemplates templates) : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.GitHub.Count; i++)
        {
            var instance = options.GitHub[i];
            var path = $"scm.github[{i}]";
            if (string.IsNullOrWhiteSpace(instance.Name))
            {
                errors.Add($"{path}.name: required");
            }
            else if (!names.Add(instance.Name))
            {
                errors.Add($"{path}.name: '{instance.Name}' is used by another instance");
            }

            if (!Uri.TryCreate(instance.BaseUrl, UriKind.Absolute, out var baseUri) ||
                (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"{path}.base_url: '{instance.BaseUrl}' is not an absolute http(s) URL");
            }

            ValidateAuth(instance, $"{path}.auth", errors);
            ValidateResilience(instance.Resilience, $"{path}.resilience", errors);
            ValidateBudget(instance.Budget, $"{path}.budget", errors);

            var actionNames = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < instance.Actions.Count; j++)
            {
                var action = instance.Actions[j];
                var actionPath = $"{path}.actions[{j}]";
                if (string.IsNullOrWhiteSpace(action.Name))
                {
                    errors.Add($"{actionPath}.name: required");
                }
                else if (!actionNames.Add(action.Name))
                {
                    errors.Add($"{actionPath}.name: '{action.Name}' is used by another action of this instance");
                }

                if (!GitHubActionTypes.All.Contains(action.Type))
                {
                    errors.Add($"{actionPath}.type: unknown '{action.Type}' (supported: {string.Join(", ", GitHubActionTypes.All)})");
                }

                ValidateAction(action, actionPath, errors);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Exactly one of a token file or a GitHub App, unless <c>dry_run</c> (which needs neither).</summary>
    private static void ValidateAuth(GitHubInstanceOptions instance, string path, List<string> errors)
    {
        var auth = instance.Auth;
        var hasToken = !string.IsNullOrWhiteSpace(auth.TokenFile);
        if (hasToken && auth.IsApp)
        {
            errors.Add($"{path}: set either token_file or app_id/installation_id/private_key_file, not both");
            return;
        }

        if (!auth.IsApp)
        {
            if (!hasToken && !instance.DryRun)
            {
                errors.Add($"{path}.token_file: required (a file holding the GitHub token), or app_id, installation_id and private_key_file for a GitHub App");
            }

            return;
        }

        if (auth.AppId is null)
        {
            errors.Add($"{path}.app_id: required with installation_id and private_key_file");
        }
        else if (auth.AppId <= 0)
        {
            errors.Add($"{path}.app_id: must be a positive number");
        }

        if (auth.InstallationId is null)
        {
            errors.Add($"{path}.installation_id: required with app_id");
        }
        else if (auth.InstallationId <= 0)
        {
            errors.Add($"{path}.installation_id: must be a positive number");
        }

        if (string.IsNullOrWhiteSpace(auth.PrivateKeyFile))
        {
            errors.Add($"{path}.private_key_file: required with app_id");
        }
        else if (File.Exists(auth.PrivateKeyFile))
        {
            // A key mounted later (a secret not there yet) is checked when first used; one that is there must load.
            try
            {
                using var key = GitHubAppJwt.LoadKey(File.ReadAllText(auth.PrivateKeyFile));
            }
            catch (Exception exception) when (exception is GitHubCredentialException or IOException or UnauthorizedAccessException)
            {
                errors.Add($"{path}.private_key_file: '{auth.PrivateKeyFile}' {exception.Message}");
            }
        }
    }

    private static void ValidateBudget(GitHubBudgetOptions budget, string path, List<string> errors)
    {
        if (budget.PerMinute < 1)
        {
            errors.Add($"{path}.per_minute: must be at least 1 (turn the budget off with enabled: false)");
        }

        if (budget.PerHour < 1)
        {
            errors.Add($"{path}.per_hour: must be at least 1 (turn the budget off with enabled: false)");
        }

        if (budget.TerminalReserve is < 0 or >= 1 || double.IsNaN(budget.TerminalReserve))
        {
            errors.Add($"{path}.terminal_reserve: must be at least 0 and less than 1 (the share of each window kept for settled outcomes)");
        }
    }

    /// <summary>The ranges Polly accepts, and what keeps one call within the grain call's 30 s timeout.</summary>
    private static void ValidateResilience(GitHubResilienceOptions resilience, string path, List<string> errors)
    {
        if (resilience.MaxRetries is < 0 or > 10)
        {
            errors.Add($"{path}.max_retries: must be between 0 and 10 (in-process retries; the outbox retries after that)");
        }

        if (resilience.BaseDelay.Value <= TimeSpan.Zero || resilience.BaseDelay.Value > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{path}.base_delay: must be greater than 0 and at most 1m");
        }

        if (resilience.MaxRetryWait.Value < TimeSpan.Zero || resilience.MaxRetryWait.Value > TimeSpan.FromSeconds(20))
        {
            errors.Add($"{path}.max_retry_wait: must be between 0s and 20s (longer waits belong to the outbox)");
        }

        if (resilience.Timeout.Value < TimeSpan.FromMilliseconds(100) || resilience.Timeout.Value > TimeSpan.FromSeconds(25))
        {
            errors.Add($"{path}.timeout: must be between 100ms and 25s");
        }

        var breaker = resilience.CircuitBreaker;
        var breakerPath = $"{path}.circuit_breaker";
        if (breaker.FailureRatio is <= 0 or > 1 || double.IsNaN(breaker.FailureRatio))
        {
            errors.Add($"{breakerPath}.failure_ratio: must be greater than 0 and at most 1");
        }

        if (breaker.MinimumThroughput < 2)
        {
            errors.Add($"{breakerPath}.minimum_throughput: must be at least 2");
        }

        if (breaker.SamplingDuration.Value < TimeSpan.FromMilliseconds(500) || breaker.SamplingDuration.Value > TimeSpan.FromDays(1))
        {
            errors.Add($"{breakerPath}.sampling_duration: must be between 500ms and 24h");
        }

        if (breaker.BreakDuration.Value < TimeSpan.FromMilliseconds(500) || breaker.BreakDuration.Value > TimeSpan.FromDays(1))
        {
            errors.Add($"{breakerPath}.break_duration: must be between 500ms and 24h");
        }
    }

    private void ValidateAction(GitHubActionOptions action, string path, List<string> errors)
    {
        if (!string.IsNullOrWhiteSpace(action.When))
        {
            try
            {
                WhenExpression.Parse(action.When);
            }
            catch (FormatException exception)
            {
                errors.Add($"{path}.when: {exception.Message}");
            }
        }

        CheckTemplate(action.Template, $"{path}.template", errors);
        CheckTemplate(action.CheckName, $"{path}.check_name", errors);
        CheckTemplate(action.Title, $"{path}.title", errors);
        CheckTemplate(action.Environment, $"{path}.environment", errors);
        CheckTemplate(action.EnvironmentUrl, $"{path}.environment_url", errors);
        for (var i = 0; i < action.Add.Count; i++)
        {
            CheckTemplate(action.Add[i], $"{path}.add[{i}]", errors);
        }

        for (var i = 0; i < action.Remove.Count; i++)
        {
            CheckTemplate(action.Remove[i], $"{path}.remove[{i}]", errors);
        }

        CheckGlobs(action.Filter.Pipelines, $"{path}.filter.pipelines", errors);
        CheckGlobs(action.Filter.Tasks, $"{path}.filter.tasks", errors);

        if (action.Mode is { } mode && !string.Equals(mode, "create", StringComparison.OrdinalIgnoreCase) && !string.Equals(mode, "upsert", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{path}.mode: unknown '{mode}' (supported: create, upsert)");
        }
        else if (action.Mode is not null && action.Type is not (GitHubActionTypes.PrComment or GitHubActionTypes.IssueComment))
        {
            errors.Add($"{path}.mode: only pr_comment and issue_comment have a mode");
        }

        switch (action.Type)
        {
            case GitHubActionTypes.DeploymentStatus when string.IsNullOrWhiteSpace(action.Environment):
                errors.Add($"{path}.environment: required for deployment_status");
                break;
            case GitHubActionTypes.Label when action.Add.Count == 0 && action.Remove.Count == 0:
                errors.Add($"{path}: a label action needs 'add' or 'remove' names");
                break;
            case not GitHubActionTypes.CommitStatus when action.ContextPerTask:
                errors.Add($"{path}.context_per_task: only commit_status posts per-task contexts");
                break;
        }
    }

    private void CheckTemplate(string? template, string path, List<string> errors)
    {
        if (!string.IsNullOrEmpty(template) && templates.Check(template) is { } problem)
        {
            errors.Add($"{path}: not a valid Liquid template: {problem.ReplaceLineEndings(" ")}");
        }
    }

    private static void CheckGlobs(AllowDenyOptions globs, string path, List<string> errors)
    {
        foreach (var (list, name) in new[] { (globs.Allow, "allow"), (globs.Deny, "deny") })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(list[i]))
                {
                    errors.Add($"{path}.{name}[{i}]: empty pattern");
                }
            }
        }
    }
}
