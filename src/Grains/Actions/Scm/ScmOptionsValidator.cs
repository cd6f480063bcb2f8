using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.Scm;

/// <summary>
/// Checks one SCM provider's instances (<c>scm.gitlab[]</c>, …) and reports every problem with its configuration path.
/// A provider derives from it, names its path and comment type, and adds checks of its own keys in
/// <see cref="ValidateInstance"/>.
/// </summary>
internal abstract class ScmOptionsValidator<TOptions>(RelayTemplates templates) : IValidateOptions<TOptions>
    where TOptions : class, IScmProviderOptions
{
    /// <summary>Where the instances are configured, for messages: <c>scm.gitlab</c>.</summary>
    protected abstract string Path { get; }

    /// <summary>The provider's run comment type (<see cref="ScmActionTypes.MrComment"/> or <see cref="ScmActionTypes.PrComment"/>).</summary>
    protected abstract string CommentType { get; }

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var types = new[] { ScmActionTypes.CommitStatus, CommentType };
        for (var i = 0; i < options.Instances.Count; i++)
        {
            var instance = options.Instances[i];
            var path = $"{Path}[{i}]";
            if (string.IsNullOrWhiteSpace(instance.Name))
            {
                errors.Add($"{path}.name: required");
            }
            else if (!names.Add(instance.Name))
            {
                errors.Add($"{path}.name: '{instance.Name}' is used by another instance");
            }

            if (string.IsNullOrWhiteSpace(instance.BaseUrl))
            {
                errors.Add($"{path}.base_url: required (the server's root URL)");
            }
            else if (!Uri.TryCreate(instance.BaseUrl, UriKind.Absolute, out var baseUri) ||
                (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp) ||
                !string.IsNullOrEmpty(baseUri.Query) || !string.IsNullOrEmpty(baseUri.Fragment))
            {
                errors.Add($"{path}.base_url: '{instance.BaseUrl}' is not an absolute http(s) URL without query");
            }

            if (string.IsNullOrWhiteSpace(instance.Auth.TokenFile) && !instance.DryRun)
            {
                errors.Add($"{path}.auth.token_file: required (a file holding the access token)");
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

                if (!types.Contains(action.Type, StringComparer.Ordinal))
                {
                    errors.Add($"{actionPath}.type: unknown '{action.Type}' (supported: {string.Join(", ", types)})");
                }
                else if (action.Type != ScmActionTypes.CommitStatus && action.ContextPerTask)
                {
                    errors.Add($"{actionPath}.context_per_task: only commit_status posts per-task contexts");
                }

                ValidateAction(action, actionPath, errors);
            }

            ValidateInstance(instance, path, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The provider's own keys of one instance (<c>flavor</c>, <c>organization</c>, …); nothing by default.</summary>
    protected virtual void ValidateInstance(ScmInstanceOptions instance, string path, List<string> errors)
    {
    }

    private void ValidateAction(ScmActionOptions action, string path, List<string> errors)
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

        if (!string.IsNullOrEmpty(action.Template) && templates.Check(action.Template) is { } problem)
        {
            errors.Add($"{path}.template: not a valid Liquid template: {problem.ReplaceLineEndings(" ")}");
        }

        foreach (var (globs, key) in new[] { (action.Filter.Pipelines, "pipelines"), (action.Filter.Tasks, "tasks") })
        {
            foreach (var (list, listName) in new[] { (globs.Allow, "allow"), (globs.Deny, "deny") })
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(list[i]))
                    {
                        errors.Add($"{path}.filter.{key}.{listName}[{i}]: empty pattern");
                    }
                }
            }
        }
    }
}
