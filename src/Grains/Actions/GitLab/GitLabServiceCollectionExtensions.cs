using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relay.Grains.Actions.Scm;

namespace Relay.Grains.Actions.GitLab;

/// <summary>Registers the GitLab module (<c>scm.gitlab[]</c>) on the provider seam.</summary>
internal static class GitLabServiceCollectionExtensions
{
    public static IServiceCollection AddGitLabActions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddScmProvider<GitLabOptions, GitLabOptionsValidator, GitLabActionPlanner, GitLabEffectExecutor>(
            configuration, GitLabActionPlanner.Kind, typeof(List<GitLabInstanceOptions>));
}
