using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.GitHub;

/// <summary>The names of <c>scm.github[]</c>, so the other SCM modules leave a run that names a GitHub instance to GitHub.</summary>
internal sealed class GitHubInstanceNames(IOptionsMonitor<GitHubOptions> options) : IScmInstanceNames
{
    public string Provider => GitHubActionPlanner.Provider;

    public bool Has(string name) =>
        options.CurrentValue.GitHub.Exists(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    public IReadOnlyList<ScmInstanceSummary> Describe() =>
        options.CurrentValue.GitHub.Select(i => new ScmInstanceSummary(i.Name, i.BaseUrl, i.Actions.Select(a => $"{a.Name} ({a.Type})").ToArray())).ToArray();
}
