using System.Text.RegularExpressions;
using Relay.Events;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Resolves the <c>scm.provider</c> annotation to an instance: an instance name matches first; the provider
/// type <c>github</c> means the instance named <c>github</c>, else the first GitHub instance.
/// </summary>
internal static partial class GitHubInstanceSelector
{
    public static GitHubInstanceOptions? Select(GitHubOptions options, string provider)
    {
        var byName = options.GitHub.Find(i => string.Equals(i.Name, provider, StringComparison.OrdinalIgnoreCase));
        if (byName is not null)
        {
            return byName;
        }

        return string.Equals(provider, "github", StringComparison.OrdinalIgnoreCase) && options.GitHub.Count > 0
            ? options.GitHub[0]
            : null;
    }

    /// <summary>
    /// Only an owner and repository GitHub itself allows: annotations accept wider names for the other providers
    /// (GitLab's nested namespaces, Azure DevOps projects with spaces), which never reach a GitHub path.
    /// </summary>
    public static bool Accepts(ScmTarget target) => GitHubName().IsMatch(target.Owner) && GitHubName().IsMatch(target.Repository);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubName();
}
