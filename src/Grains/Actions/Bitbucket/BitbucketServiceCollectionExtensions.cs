using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.Bitbucket;

/// <summary>Registers the Bitbucket module (<c>scm.bitbucket[]</c>, Cloud and Data Center) on the provider seam.</summary>
internal static class BitbucketServiceCollectionExtensions
{
    public static IServiceCollection AddBitbucketActions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddScmProvider<BitbucketOptions, BitbucketOptionsValidator, BitbucketActionPlanner, BitbucketEffectExecutor>(
            configuration, BitbucketActionPlanner.Kind, typeof(List<BitbucketInstanceOptions>));
}
