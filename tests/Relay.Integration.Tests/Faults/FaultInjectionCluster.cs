using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Relay.Grains;
using Relay.Grains.Runs;
using Relay.Grains.Storage;
using Relay.Receiver;
using Relay.Receiver.Intake;
using Relay.Runs;
using Relay.Testing;
using Relay.Testing.Faults;

namespace Relay.Integration.Tests.Faults;

/// <summary>
/// A 2-silo in-process <see cref="TestCluster"/> of co-hosted Relay silos (grains + intake; Orleans memory storage and
/// in-memory reminders) whose grain storage (<c>relay</c>, <c>relay-events</c>) and reminder table are wrapped by
/// fault injectors: a test arms a <see cref="StorageFault"/> or <see cref="ReminderFault"/> in every silo and sends
/// Tekton events to a silo's intake, as Tekton would over HTTP.
/// </summary>
public sealed class FaultInjectionCluster : IAsyncDisposable
{
    private FaultInjectionCluster(TestCluster cluster) => Cluster = cluster;

    public TestCluster Cluster { get; }

    public static async Task<FaultInjectionCluster> StartAsync(FakeGitHubServer github, string tokenFile)
    {
        var builder = new TestClusterBuilder(2);
        foreach (var (key, value) in RelayClusterFixture.RelaySettings(github.BaseUrl, tokenFile))
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new FaultInjectionCluster(cluster);
    }

    /// <summary>Arms <paramref name="fault"/> in every silo (one shared count).</summary>
    public StorageFault Arm(StorageFault fault) => GrainStorageFaults.ArmAll(Cluster, fault);

    /// <summary>Arms <paramref name="fault"/> in every silo's reminder table (one shared count).</summary>
    public ReminderFault Arm(ReminderFault fault) => ReminderFaults.ArmAll(Cluster, fault);

    /// <summary>One delivery to <paramref name="silo"/>'s intake (default: the primary): the HTTP status it answers.</summary>
    public async Task<int> SendAsync(TektonHttpEvent tektonEvent, SiloHandle? silo = null)
    {
        var services = ((InProcessSiloHandle)(silo ?? Cluster.Primary ?? Cluster.Silos[0])).SiloHost.Services;
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = new MemoryStream(tektonEvent.Body);
        context.Request.ContentLength = tektonEvent.Body.Length;
        foreach (var (name, value) in tektonEvent.Headers)
        {
            context.Request.Headers[name] = value;
        }

        var response = await services.GetRequiredService<IntakeHandler>().HandleAsync(context);
        return response.Outcome.StatusCode();
    }

    public Task<RunSnapshot> SnapshotAsync(TektonRun run) =>
        Cluster.GrainFactory.GetGrain<IPipelineRunGrain>(PipelineRunKey.For(run.Namespace, run.Name)).GetSnapshotAsync();

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Each silo as the all-in-one host builds it, with fast outbox retries and fault injectors in front of storage and reminders.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder
                .AddMemoryGrainStorage(RelayStorage.Runs)
                .AddMemoryGrainStorage(RelayStorage.Claims)
                .UseInMemoryReminderService();
            siloBuilder.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.Services.AddRelayGrains(siloBuilder.Configuration);
            siloBuilder.Services.AddRelayReceiver(siloBuilder.Configuration);
            siloBuilder.Services.Configure<OutboxOptions>(o =>
            {
                o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                o.MaxBackoff = TimeSpan.FromMilliseconds(500);
                o.MaxAttempts = 20;
                o.ReminderPeriod = TimeSpan.FromSeconds(2);
                o.DeliveryTimeout = TimeSpan.FromSeconds(3);
            });
            siloBuilder.Services
                .AddGrainStorageFaults(RelayStorage.Runs)
                .AddGrainStorageFaults(RelayStorage.Claims)
                .AddReminderFaults();
        }
    }
}
