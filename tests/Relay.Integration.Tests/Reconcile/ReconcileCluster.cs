using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Relay.Events;
using Relay.Grains;
using Relay.Grains.Runs;
using Relay.Grains.Storage;
using Relay.Receiver.Reconcile;
using Relay.Receiver.Tekton;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Reconcile;

/// <summary>
/// A TestCluster of Relay silos with the reconciler registered as the silo host registers it, reading a
/// <see cref="FakeKubernetesApi"/> through a kubeconfig file and posting to a <see cref="FakeGitHubServer"/>.
/// <c>reconcile.after</c> and <c>reconcile.interval</c> are 1 s.
/// </summary>
public sealed class ReconcileCluster : IAsyncDisposable
{
    public const string Namespace = "ci";

    private string _tokenFile = "";

    private ReconcileCluster()
    {
    }

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public FakeKubernetesApi Kubernetes { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public static async Task<ReconcileCluster> StartAsync(int silos, bool enabled)
    {
        var cluster = new ReconcileCluster
        {
            GitHub = await FakeGitHubServer.StartAsync(),
            Kubernetes = await FakeKubernetesApi.StartAsync(),
        };
        cluster._tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(cluster._tokenFile, RelayClusterFixture.Token + "\n");

        var builder = new TestClusterBuilder((short)silos);
        var settings = RelayClusterFixture.RelaySettings(cluster.GitHub.BaseUrl, cluster._tokenFile);
        settings["reconcile:enabled"] = enabled ? "true" : "false";
        settings["reconcile:namespaces:0"] = Namespace;
        settings["reconcile:after"] = "1s";
        settings["reconcile:interval"] = "1s";
        settings["reconcile:kubeconfig"] = cluster.Kubernetes.WriteKubeconfig();
        foreach (var (key, value) in settings)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<Configurator>();
        cluster.Cluster = builder.Build();
        await cluster.Cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Services of one silo (its meter factory, its scanner).</summary>
    public IServiceProvider ServicesOf(SiloHandle silo) => ((InProcessSiloHandle)silo).SiloHost.Services;

    /// <summary>Hands a Tekton event to the event grain as the intake would (decode, then accept).</summary>
    public async Task<AcceptOutcome> SendAsync(TektonHttpEvent tektonEvent)
    {
        using var data = JsonDocument.Parse(tektonEvent.Data);
        var decoded = TektonEventDecoder.Decode(new TektonCloudEvent(tektonEvent.Id, tektonEvent.Source, tektonEvent.Type, null, data.RootElement.Clone()));
        Assert.Equal(DecodeStatus.Decoded, decoded.Status);
        return await Cluster.Client.GetGrain<IEventGrain>(decoded.Event!.EventKey).AcceptAsync(decoded.Event);
    }

    /// <summary>The last status posted per context for <paramref name="sha"/>.</summary>
    public Dictionary<string, RecordedRequest> LastStatuses(string sha) =>
        GitHub.StatusesFor(sha).GroupBy(s => s.Context!).ToDictionary(g => g.Key, g => g.Last());

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await GitHub.DisposeAsync();
        await Kubernetes.DisposeAsync();
        File.Delete(_tokenFile);
    }

    /// <summary>Each silo as the Relay host configures it: grains, memory storage, reminders, and the reconciler's scan.</summary>
    public sealed class Configurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder
                .AddMemoryGrainStorage(RelayStorage.Runs)
                .AddMemoryGrainStorage(RelayStorage.Claims)
                .UseInMemoryReminderService();
            siloBuilder.Services.AddRelayGrains(siloBuilder.Configuration);
            // Small pages, so every scan of a namespace with a few runs pages with continue.
            siloBuilder.Services.AddSingleton(new ReconcileLimits { PageSize = 2, MaxRequestsPerScan = 50 });
            siloBuilder.Services.AddRelayReconciler();
            siloBuilder.Services.Configure<OutboxOptions>(o =>
            {
                o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                o.MaxBackoff = TimeSpan.FromMilliseconds(200);
                o.MaxAttempts = 4;
            });
        }
    }
}
