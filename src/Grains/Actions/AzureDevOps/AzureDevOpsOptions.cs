using Microsoft.Extensions.Configuration;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>The Azure DevOps module's part of the <c>scm</c> section: <c>scm.azure_devops[]</c>.</summary>
public sealed class AzureDevOpsOptions : IScmProviderOptions
{
    /// <summary><c>scm.azure_devops[]</c>: Azure DevOps organizations. Empty means no actions.</summary>
    [ConfigurationKeyName("azure_devops")]
    public List<AzureDevOpsInstanceOptions> AzureDevOps { get; set; } = [];

    IReadOnlyList<ScmInstanceOptions> IScmProviderOptions.Instances => AzureDevOps;
}
