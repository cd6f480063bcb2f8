using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Actions.GitHub.Budget;
using Relay.Grains.Actions.GitHub.RateLimits;
using Relay.Grains.Actions.GitHub.Resilience;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.GitHub;

/// <summary>Registers the GitHub module (<c>scm.github[]</c>) on the provider seam.</summary>
internal static class GitHubServiceCollectionExtensions
{
    public static IServiceCollection AddGitHubActions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddActionProvider<GitHubOptions, GitHubOptionsValidator, GitHubActionPlanner, GitHubEffectExecutor>(
            configuration, GitHubOptions.Section, "scm:github", typeof(List<GitHubInstanceOptions>));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILegacyEffectReader, GitHubLegacyEffects>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IScmInstanceNames, GitHubInstanceNames>());
        services.TryAddSingleton<RelayTemplates>();
        services.TryAddSingleton<GitHubCallDeadline>();
        services.TryAddSingleton<GitHubResiliencePipelines>();
        services.TryAddSingleton<GitHubClientFactory>();
        services.TryAddSingleton<SecretFileReader>();
        services.TryAddSingleton<GitHubAppInstallationTokens>();
        services.TryAddSingleton<GitHubCredentials>();
        services.TryAddSingleton<GitHubRateLimits>();
        services.TryAddSingleton<GitHubCallGate>();
        services.TryAddSingleton<GitHubContentBudgets>();
        return services;
    }
}
