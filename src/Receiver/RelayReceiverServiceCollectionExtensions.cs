using Relay.Configuration;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Relay.Receiver.Auth;
using Relay.Receiver.Cluster;
using Relay.Receiver.Diagnostics;
using Relay.Receiver.Filtering;
using Relay.Receiver.Health;
using Relay.Receiver.Intake;
using Relay.Receiver.Telemetry;

namespace Relay.Receiver;

/// <summary>Registers the receiver: intake, Tekton decoding, filter, health and API (SPEC §1).</summary>
public static class RelayReceiverServiceCollectionExtensions
{
    /// <summary>Adds the receiver's services, bound to Relay's configuration (SPEC §8).</summary>
    public static IServiceCollection AddRelayReceiver(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddIntake(configuration);
        services.AddFiltering(configuration);
        services.AddClusterSettings(configuration);
        services.AddOptions<TelemetryOptions>()
            .Bind(configuration.GetSection("telemetry"))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());
        services.AddSingleton(new RelayConfigSection("telemetry", typeof(TelemetryOptions), typeof(TelemetryOptions)));
        services.AddHealth();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        return services;
    }

    private static void AddIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntakeOptions>()
            .Bind(configuration.GetSection("server"))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>());
        services.AddSingleton(new RelayConfigSection("server", typeof(IntakeOptions), typeof(IntakeOptions)));
        services.TryAddSingleton<IntakeHandler>();
        services.AddMetrics();
        services.TryAddSingleton<RelayMetrics>();
        services.AddHostedService<BuildInfoMetric>();
        services.AddRelayAuth();
        services.AddIntakeRateLimiting();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<IntakeOptions>>((kestrel, intake) => IntakeLimits.Apply(kestrel.Limits, intake.Value));
    }

    private static void AddFiltering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FilterOptions>()
            .Bind(configuration.GetSection("filter"))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FilterOptions>, FilterOptionsValidator>());
        services.AddSingleton(new RelayConfigSection("filter", typeof(FilterOptions), typeof(FilterOptions)));
        services.TryAddSingleton<EventFilter>();
    }

    private static void AddClusterSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RelayClusterOptions>()
            .Bind(configuration.GetSection("cluster"))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelayClusterOptions>, ClusterOptionsValidator>());
        services.AddSingleton(new RelayConfigSection("cluster", typeof(RelayClusterOptions), typeof(RelayClusterOptions)));
    }

    private static void AddHealth(this IServiceCollection services)
    {
        services.TryAddSingleton<IntakeGate>();
        services.AddHostedService<IntakeGateLifetime>();
        services.AddHealthChecks()
            .AddCheck<IntakeGateHealthCheck>("intake", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<ClusterReadinessHealthCheck>("actions", tags: [HealthEndpoints.ReadyTag]);
    }
}
