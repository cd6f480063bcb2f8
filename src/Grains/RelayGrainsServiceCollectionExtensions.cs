using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Relay.DeadLetters;
using Relay.Grains.DeadLetters;
using Relay.Grains.Diagnostics;
using Relay.Grains.Actions.GitHub;
using Relay.Grains.Actions.Notifiers;
using Relay.Grains.Actions.GitLab;
using Relay.Grains.Actions.Gitea;
using Relay.Grains.Actions.AzureDevOps;
using Relay.Grains.Actions.Bitbucket;
using Relay.Grains.Events;
using Relay.Grains.Health;
using Relay.Grains.Reconcile;
using Relay.Grains.Runs;
using Relay.Grains.Runs.RunModel;
using Relay.Configuration;
using Relay.Reconcile;

namespace Relay.Grains;

/// <summary>Registers what Relay's grains need: options from the configuration file, planners, GitHub clients.</summary>
public static class RelayGrainsServiceCollectionExtensions
{
    /// <summary>Adds the grains' services, bound to the root of Relay's configuration (SPEC §8).</summary>
    public static IServiceCollection AddRelayGrains(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Event grains live 30 s (one per CloudEvent): the activation collector must run more often than that.
        services.Configure<GrainCollectionOptions>(o => o.CollectionQuantum = TimeSpan.FromSeconds(10));
        services.AddMetrics();
        services.TryAddSingleton<RelayMetrics>();
        // Grain references by key without Orleans' per-call interface resolution (see StringKeyedGrains).
        services.TryAdd(ServiceDescriptor.Singleton(typeof(StringKeyedGrains<>), typeof(StringKeyedGrains<>)));
        services.AddDedupe(configuration);
        services.AddRuns(configuration);
        services.AddGitHubActions(configuration);
        services.AddNotifiers(configuration);
        services.AddGitLabActions(configuration);
        services.AddGiteaActions(configuration);
        services.AddBitbucketActions(configuration);
        services.AddAzureDevOpsActions(configuration);
        services.AddDeadLetters(configuration);
        services.AddReconcile(configuration);
        services.TryAddSingleton<ActionHealth>();
        services.TryAddSingleton<IActionHealthServiceClient, ActionHealthServiceClient>();
        services.AddGrainService<ActionHealthService>();
        return services;
    }

    private static void AddDedupe(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DedupeOptions>()
            .Configure(o => o.Ttl = configuration.GetValue("dedupe_ttl", o.Ttl))
            .Validate(o => o.Ttl.Value > TimeSpan.Zero, "dedupe_ttl: must be greater than zero");
        services.AddSingleton(new RelayConfigSection("dedupe_ttl", null, typeof(DedupeOptions)));
    }

    private static void AddRuns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>();
        services.TryAddSingleton<RunPlanner>();
        services.AddOptions<RunRetentionOptions>()
            .Configure(o => o.Ttl = configuration.GetValue("run_ttl", o.Ttl))
            .Validate(o => o.Ttl.Value >= TimeSpan.FromSeconds(1), "run_ttl: must be at least 1s");
        services.AddSingleton(new RelayConfigSection("run_ttl", null, typeof(RunRetentionOptions)));
        services.AddSingleton(new RelayConfigSection("dashboard_url", null, typeof(DashboardLinkOptions)));
        services.AddOptions<DashboardLinkOptions>()
            .Configure(o => o.DashboardUrl = configuration["dashboard_url"])
            .Validate(
                o => string.IsNullOrWhiteSpace(o.DashboardUrl) || Uri.TryCreate(o.DashboardUrl, UriKind.Absolute, out _),
                "dashboard_url: not an absolute URL");
    }

    private static void AddDeadLetters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeadLetterOptions>()
            .Bind(configuration.GetSection(DeadLetterOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeadLetterOptions>, DeadLetterOptionsValidator>());
        services.AddSingleton(new RelayConfigSection(DeadLetterOptions.Section, typeof(DeadLetterOptions), typeof(DeadLetterOptions)));
        services.TryAddSingleton<IDeadLetterSink, DeadLetterSink>();
    }

    /// <summary>
    /// The <c>reconcile</c> section, and when it is enabled the starter that brings the cluster's one reconciler grain up
    /// on every silo. The scan itself (<see cref="IRunReconciler"/>) is registered by the host (docs/reconcile.md).
    /// </summary>
    private static void AddReconcile(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReconcileOptions>()
            .Bind(configuration.GetSection(ReconcileOptions.Section))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReconcileOptions>, ReconcileOptionsValidator>());
        services.AddSingleton(new RelayConfigSection(ReconcileOptions.Section, typeof(ReconcileOptions), typeof(ReconcileOptions)));
        if (configuration.GetSection(ReconcileOptions.Section).GetValue<bool>("enabled"))
        {
            services.AddSingleton<ReconcilerStarter>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ReconcilerStarter>());
        }
    }
}
