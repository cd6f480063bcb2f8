using Microsoft.Extensions.Configuration;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.Bitbucket;

/// <summary>
/// One Bitbucket instance: Cloud (<c>base_url</c> defaults to <c>https://api.bitbucket.org</c>) or Data Center
/// (<c>base_url</c> is the server's URL and is required).
/// </summary>
public sealed class BitbucketInstanceOptions : ScmInstanceOptions
{
    /// <summary>Bitbucket Cloud's API host, the default <c>base_url</c>.</summary>
    public const string CloudBaseUrl = "https://api.bitbucket.org";

    public BitbucketInstanceOptions()
    {
        BaseUrl = CloudBaseUrl;
    }

    /// <summary><c>cloud</c> (default) or <c>datacenter</c>: which API the instance speaks.</summary>
    [ConfigurationKeyName("flavor")]
    public string Flavor { get; set; } = BitbucketFlavors.Cloud;

    /// <summary>True for a Data Center (Server) instance.</summary>
    public bool IsDataCenter => string.Equals(Flavor, BitbucketFlavors.DataCenter, StringComparison.Ordinal);
}
