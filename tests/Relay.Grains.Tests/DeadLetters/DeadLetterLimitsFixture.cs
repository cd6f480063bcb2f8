using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.Serialization;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Relay.Grains.Storage;
using Xunit;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>
/// A 1-silo cluster of its own for the dead-letter store's limits (the cap is the whole store's, so it cannot share a
/// cluster with other tests): <c>dead_letters.max_letters: 5</c>, <c>retention: 1h</c>, a fake clock for the grains,
/// and grain storage <c>relay</c> that records every write.
/// </summary>
public sealed class DeadLetterLimitsFixture : IAsyncLifetime
{
    public const int MaxLetters = 5;
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    public static readonly DateTimeOffset Start = new(2026, 7, 14, 12, 0, 0, TimeSpan.Zero);

    public TestCluster Cluster { get; private set; } = null!;

    public IServiceProvider Silo => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public FakeTimeProvider Time => (FakeTimeProvider)Silo.GetRequiredService<TimeProvider>();

    public RecordingGrainStorage Storage => (RecordingGrainStorage)Silo.GetRequiredKeyedService<IGrainStorage>(RelayStorage.Runs);

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["dead_letters:max_letters"] = MaxLetters.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.Properties["dead_letters:retention"] = "1h";
        builder.AddSiloBuilderConfigurator<Configurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            // Grain time is fake; membership and the silo's own timers stay on real time.
            siloBuilder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
            siloBuilder.Services.UseTimeProviderForBackgroundAreas(TimeProvider.System);
            siloBuilder.Services.AddGrainStorage(RelayStorage.Runs, (sp, _) => new RecordingGrainStorage(
                new LocalMemoryGrainStorage(sp.GetRequiredService<DeepCopier>(), sp.GetRequiredService<TimeProvider>(), entryExpiry: null)));
            siloBuilder.UseInMemoryReminderService();
            siloBuilder.Services.AddRelayGrains(siloBuilder.Configuration);
        }
    }
}
