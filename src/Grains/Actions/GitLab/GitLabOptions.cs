using Microsoft.Extensions.Configuration;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.GitLab;

/// <summary>The GitLab module's part of the <c>scm</c> section: <c>scm.gitlab[]</c>.</summary>
public sealed class GitLabOptions : IScmProviderOptions
{
    /// <summary><c>scm.gitlab[]</c>: GitLab (gitlab.com or self-managed) instances. Empty means no actions.</summary>
    [ConfigurationKeyName("gitlab")]
    public List<GitLabInstanceOptions> GitLab { get; set; } = [];

    IReadOnlyList<ScmInstanceOptions> IScmProviderOptions.Instances => GitLab;
}
