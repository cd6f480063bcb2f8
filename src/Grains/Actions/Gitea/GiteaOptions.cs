using Microsoft.Extensions.Configuration;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.Gitea;

/// <summary>The Gitea module's part of the <c>scm</c> section: <c>scm.gitea[]</c> (Gitea and Forgejo, the same API).</summary>
public sealed class GiteaOptions : IScmProviderOptions
{
    /// <summary><c>scm.gitea[]</c>: Gitea or Forgejo instances. Empty means no actions.</summary>
    [ConfigurationKeyName("gitea")]
    public List<GiteaInstanceOptions> Gitea { get; set; } = [];

    IReadOnlyList<ScmInstanceOptions> IScmProviderOptions.Instances => Gitea;
}
