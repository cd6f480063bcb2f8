using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.Gitea;

/// <summary>Registers the Gitea module (<c>scm.gitea[]</c>, Gitea and Forgejo) on the provider seam.</summary>
internal static class GiteaServiceCollectionExtensions
{
    public static IServiceCollection AddGiteaActions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddScmProvider<GiteaOptions, GiteaOptionsValidator, GiteaActionPlanner, GiteaEffectExecutor>(
            configuration, GiteaActionPlanner.Kind, typeof(List<GiteaInstanceOptions>));
}
