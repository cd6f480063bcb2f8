using Microsoft.Extensions.Options;

namespace Relay.Grains.Actions.GitHub;

/// <summary>Checks <c>scm.github[]</c> and reports every problem with its configuration path.</summary>
internal sealed class GitHubOptionsValidator : IValidateOptions<ScmOptions>
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
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
