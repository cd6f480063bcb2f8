using Microsoft.Extensions.DependencyInjection.Extensions;
using Relay.Reconcile;
using Relay.Receiver.Diagnostics;
using Relay.Receiver.Filtering;

namespace Relay.Receiver.Reconcile;

/// <summary>
/// Registers the Kubernetes scan behind <see cref="IRunReconciler"/>. Silo hosts call it (the reconciler grain runs
/// there); split receivers do not. Registration constructs nothing: the client and its kubeconfig are read at the first
/// scan, which only happens with <c>reconcile.enabled</c> on.
/// </summary>
public static class ReconcileServiceCollectionExtensions
{
    /// <summary>Adds the reconciler's scan; the <c>reconcile</c> options and the grain come with the grains' registration.</summary>
    public static IServiceCollection AddRelayReconciler(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions();
        services.AddMetrics();
        services.TryAddSingleton<RelayMetrics>();
        services.TryAddSingleton<EventFilter>();
        services.TryAddSingleton(new ReconcileLimits());
        services.TryAddSingleton<IRunReconciler, KubernetesRunReconciler>();
        return services;
    }
}
