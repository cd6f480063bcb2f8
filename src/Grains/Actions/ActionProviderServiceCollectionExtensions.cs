using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Relay.Configuration;
using Relay.Grains.Runs.RunModel;

namespace Relay.Grains.Actions;

/// <summary>
/// How a provider module plugs into the run core: its configuration section (bound, validated, known to
/// <c>--validate</c>), its planner, its executor and, for formats that predate the seam, its legacy reader.
/// </summary>
internal static class ActionProviderServiceCollectionExtensions
{
    /// <summary>
    /// Registers a provider module. <paramref name="sectionPath"/> is where its instances are configured
    /// (<c>scm:github</c>); <typeparamref name="TOptions"/> is bound from <paramref name="bindPath"/> and validated by
    /// <typeparamref name="TValidator"/>; <paramref name="keysType"/> maps the keys under <paramref name="sectionPath"/>.
    /// </summary>
    public static IServiceCollection AddActionProvider<TOptions, TValidator, TPlanner, TExecutor>(
        this IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration, string bindPath, string sectionPath, Type keysType)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
        where TPlanner : class, IEffectPlanner
        where TExecutor : class, IEffectExecutor
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(bindPath));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEffectPlanner, TPlanner>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IEffectExecutor, TExecutor>());
        services.AddSingleton(new RelayConfigSection(sectionPath, keysType, typeof(TOptions)));
        services.TryAddSingleton<RunPlanner>();
        return services;
    }
}
