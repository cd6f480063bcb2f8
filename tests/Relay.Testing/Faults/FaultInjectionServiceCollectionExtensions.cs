using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;

namespace Relay.Testing.Faults;

/// <summary>
/// Puts fault injectors in front of a silo's real providers. Call these <em>after</em> the providers are registered
/// (e.g. after <c>UseRelayStorage</c>): they replace the registration they wrap. Orleans 10.4.2 resolves a named grain
/// storage as the keyed singleton <c>IGrainStorage</c> of that name (<c>AddGrainStorage</c> →
/// <c>AddKeyedSingleton</c>), and the provider's lifecycle participant resolves the same keyed service, so the wrapper
/// forwards <c>Participate</c>. The reminder table is the plain singleton <see cref="IReminderTable"/>.
/// </summary>
public static class FaultInjectionServiceCollectionExtensions
{
    /// <summary>Wraps the grain storage named <paramref name="storageName"/> in a <see cref="FaultInjectingGrainStorage"/>.</summary>
    public static IServiceCollection AddGrainStorageFaults(this IServiceCollection services, string storageName)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IGrainStorage) && d.IsKeyedService && Equals(d.ServiceKey, storageName))
            ?? throw new InvalidOperationException($"No grain storage named '{storageName}' is registered yet: add the fault injector after the storage.");
        services.Remove(registered);
        services.TryAddSingleton<GrainStorageFaults>();
        services.AddKeyedSingleton<IGrainStorage>(storageName, (sp, key) =>
            new FaultInjectingGrainStorage(storageName, (IGrainStorage)Create(sp, registered, key), sp.GetRequiredService<GrainStorageFaults>()));
        return services;
    }

    /// <summary>Wraps the silo's <see cref="IReminderTable"/> in a <see cref="FaultInjectingReminderTable"/>.</summary>
    public static IServiceCollection AddReminderFaults(this IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IReminderTable) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("No reminder table is registered yet: add the fault injector after the reminder service.");
        services.Remove(registered);
        services.TryAddSingleton<ReminderFaults>();
        services.AddSingleton<IReminderTable>(sp =>
            new FaultInjectingReminderTable((IReminderTable)Create(sp, registered, null), sp.GetRequiredService<ReminderFaults>()));
        return services;
    }

    /// <summary>Builds what <paramref name="descriptor"/> would have built.</summary>
    private static object Create(IServiceProvider services, ServiceDescriptor descriptor, object? key)
    {
        if (descriptor.IsKeyedService)
        {
            return descriptor.KeyedImplementationInstance
                ?? descriptor.KeyedImplementationFactory?.Invoke(services, key)
                ?? ActivatorUtilities.CreateInstance(services, descriptor.KeyedImplementationType!);
        }

        return descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
    }
}
