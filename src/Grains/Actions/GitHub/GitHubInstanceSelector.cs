namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Resolves the <c>scm.provider</c> annotation to an instance: an instance name matches first; the provider
/// type <c>github</c> means the instance named <c>github</c>, else the first GitHub instance.
/// </summary>
internal static class GitHubInstanceSelector
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
}
