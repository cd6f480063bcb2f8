using Microsoft.Extensions.Configuration;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>
/// One Azure DevOps organization: <c>base_url</c> defaults to <c>https://dev.azure.com</c> (Azure DevOps Server: the
/// collection's server URL); the API root is <c>&lt;base_url&gt;/&lt;organization&gt;</c>.
/// </summary>
public sealed class AzureDevOpsInstanceOptions : ScmInstanceOptions
{
    public AzureDevOpsInstanceOptions()
    {
        BaseUrl = "https://dev.azure.com";
    }

    /// <summary>The organization (or Azure DevOps Server collection). Required.</summary>
    [ConfigurationKeyName("organization")]
    public string Organization { get; set; } = "";
}
