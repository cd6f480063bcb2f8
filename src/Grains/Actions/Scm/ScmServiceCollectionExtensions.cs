using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.Scm;

/// <summary>Registers a provider module built on the SCM kit on the provider seam.</summary>
internal static class ScmServiceCollectionExtensions
{
    /// <summary>
    /// Registers the module of <paramref name="provider"/>: its section <c>scm:&lt;provider&gt;</c> (bound into
    /// <typeparamref name="TOptions"/>, validated, known to <c>--validate</c> through <paramref name="keysType"/>), its
    /// planner and executor, its named HTTP client with the kit's resilience, and its instance names.
    /// </summary>
    public static IServiceCollection AddScmProvider<TOptions, TValidator, TPlanner, TExecutor>(
        this IServiceCollection services, IConfiguration configuration, string provider, Type keysType)
        where TOptions : class, IScmProviderOptions
        where TValidator : class, IValidateOptions<TOptions>
        where TPlanner : ScmActionPlanner
        where TExecutor : ScmEffectExecutor
    {
        services.AddActionProvider<TOptions, TValidator, TPlanner, TExecutor>(configuration, "scm", $"scm:{provider}", keysType);
        services.AddSingleton<IScmInstanceNames>(sp => new ScmInstanceNames<TOptions>(provider, sp.GetRequiredService<IOptionsMonitor<TOptions>>()));
        services.TryAddSingleton<RelayTemplates>();
        services.TryAddSingleton<SecretFileReader>();
        services.AddScmHttpClient(provider);
        return services;
    }
}
