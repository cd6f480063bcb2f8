using Microsoft.Extensions.Configuration;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.Bitbucket;

/// <summary>The Bitbucket module's part of the <c>scm</c> section: <c>scm.bitbucket[]</c> (Cloud and Data Center).</summary>
public sealed class BitbucketOptions : IScmProviderOptions
{
    /// <summary><c>scm.bitbucket[]</c>: Bitbucket Cloud and Data Center instances. Empty means no actions.</summary>
    [ConfigurationKeyName("bitbucket")]
    public List<BitbucketInstanceOptions> Bitbucket { get; set; } = [];

    IReadOnlyList<ScmInstanceOptions> IScmProviderOptions.Instances => Bitbucket;
}
