namespace Relay.Grains.Actions.Bitbucket;

/// <summary>The <c>flavor</c> values of a <c>scm.bitbucket[]</c> instance.</summary>
public static class BitbucketFlavors
{
    /// <summary>Bitbucket Cloud (<c>api.bitbucket.org</c>): API root <c>&lt;base_url&gt;/2.0</c>; <c>scm.repo-owner</c> is the workspace.</summary>
    public const string Cloud = "cloud";

    /// <summary>Bitbucket Data Center (formerly Server): API root <c>&lt;base_url&gt;/rest/api/latest</c>; <c>scm.repo-owner</c> is the project key.</summary>
    public const string DataCenter = "datacenter";

    /// <summary>Both values, for messages.</summary>
    public static readonly IReadOnlyList<string> All = [Cloud, DataCenter];
}
