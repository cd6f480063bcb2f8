using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>Registers the Azure DevOps module (<c>scm.azure_devops[]</c>) on the provider seam.</summary>
internal static class AzureDevOpsServiceCollectionExtensions
{
    public static IServiceCollection AddAzureDevOpsActions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddScmProvider<AzureDevOpsOptions, AzureDevOpsOptionsValidator, AzureDevOpsActionPlanner, AzureDevOpsEffectExecutor>(
            configuration, AzureDevOpsActionPlanner.Kind, typeof(List<AzureDevOpsInstanceOptions>));
}
