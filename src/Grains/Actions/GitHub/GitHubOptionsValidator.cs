using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.GitHub;

/// <summary>Checks <c>scm.github[]</c> and reports every problem with its configuration path.</summary>
internal sealed class GitHubOptionsValidator(RelayTemplates templates) : IValidateOptions<ScmOptions>
{
    public ValidateOptionsResult Validate(string? name, ScmOptions options)
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

            if (!instance.DryRun && string.IsNullOrWhiteSpace(instance.Auth.TokenFile))
            {
                errors.Add($"{path}.auth.token_file: required (a file holding the GitHub token)");
            }

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
