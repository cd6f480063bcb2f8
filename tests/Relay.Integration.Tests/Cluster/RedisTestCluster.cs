using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;
using Orleans.TestingHost;
using Relay.Grains;
using Relay.Grains.Runs;
using Relay.Receiver;
using Relay.Receiver.Cluster;
using Relay.Receiver.Intake;
using Relay.Runs;
using Relay.Silo.Hosting;
using Relay.Testing;
using StackExchange.Redis;

namespace Relay.Integration.Tests.Cluster;

/// <summary>
/// A <see cref="TestCluster"/> of co-hosted Relay silos (grains + intake) on a real Redis: membership, grain
/// state and reminders, over TCP, with fast failure detection. Events enter through each silo's own
/// <see cref="IntakeHandler"/>, as they would through its HTTP port; a silo that is draining or down refuses
/// connections (the sender reports a transport error, as Kestrel would).
/// </summary>
public sealed class RedisTestCluster : IAsyncDisposable
{
    private readonly ConcurrentDictionary<SiloHandle, SiloState> _silos = new();
    private int _next;

    private RedisTestCluster(TestCluster cluster)
    {
        Cluster = cluster;
        foreach (var silo in cluster.Silos)
        {
            _silos[silo] = new SiloState();
        }
    }

    public TestCluster Cluster { get; }

    /// <summary>Requests that threw inside a silo that was up: in HTTP these would have been 500s.</summary>
    public ConcurrentQueue<Exception> Faults { get; } = new();

    public static async Task<RedisTestCluster> StartAsync(int silos, string redis, string serviceId, IReadOnlyDictionary<string, string> settings)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.ServiceId = serviceId;
        builder.Options.ClusterId = "test";
        builder.Properties["cluster:clustering"] = "redis";
        builder.Properties["cluster:storage"] = "redis";
        builder.Properties["cluster:redis:connection_string"] = redis;
        foreach (var (key, value) in settings)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new RedisTestCluster(cluster);
    }

    public IReadOnlyList<SiloHandle> Accepting => _silos.Where(s => s.Value.Accepting).Select(s => s.Key).ToArray();

    public IGrainFactory GrainFactory => Cluster.GrainFactory;

    /// <summary>Delivers one event to the next accepting silo, like a Service spreading Tekton's requests.</summary>
    public async Task<int?> SendAsync(TektonHttpEvent tektonEvent, CancellationToken cancellationToken)
    {
        var accepting = Accepting;
        if (accepting.Count == 0)
        {
            return null;
        }

        var silo = accepting[Interlocked.Increment(ref _next) % accepting.Count];
        var state = _silos[silo];
        Interlocked.Increment(ref state.InFlight);
        try
        {
            if (!state.Accepting)
            {
                return null;
            }

            var handler = ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<IntakeHandler>();
            var context = new DefaultHttpContext();
            context.Request.Method = "POST";
            context.Request.Body = new MemoryStream(tektonEvent.Body);
            context.Request.ContentLength = tektonEvent.Body.Length;
            foreach (var (name, value) in tektonEvent.Headers)
            {
                context.Request.Headers[name] = value;
            }

            var response = await handler.HandleAsync(context);
            return response.Outcome.StatusCode();
        }
        catch (Exception exception) when (!state.Up)
        {
            _ = exception; // the connection died with the silo: Tekton sees a transport error
            return null;
        }
        catch (Exception exception)
        {
            Faults.Enqueue(exception);
            return 500;
        }
        finally
        {
            Interlocked.Decrement(ref state.InFlight);
        }
    }

    /// <summary>A graceful stop as in a rolling update: stop taking requests, let in-flight ones finish, stop the silo.</summary>
    public async Task StopGracefullyAsync(SiloHandle silo)
    {
        var state = _silos[silo];
        state.Accepting = false;
        await Wait.UntilAsync(() => Volatile.Read(ref state.InFlight) == 0, () => $"in-flight requests of {silo.SiloAddress} to finish");
        await Cluster.StopSiloAsync(silo);
        state.Up = false;
    }

    /// <summary>An ungraceful stop: no drain, no deactivation.</summary>
    public async Task KillAsync(SiloHandle silo)
    {
        var state = _silos[silo];
        state.Accepting = false;
        state.Up = false;
        await Cluster.KillSiloAsync(silo);
    }

    public async Task<SiloHandle> StartSiloAsync()
    {
        var silo = await Cluster.StartAdditionalSiloAsync();
        _silos[silo] = new SiloState();
        return silo;
    }

    /// <summary>The silos membership considers active, asked from a live silo.</summary>
    public async Task<SiloAddress[]> ActiveSilosAsync()
    {
        var management = GrainFactoryOf(Accepting[0]).GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        return hosts.Keys.ToArray();
    }

    public IGrainFactory GrainFactoryOf(SiloHandle silo) =>
        ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<IGrainFactory>();

    public Task<RunSnapshot> SnapshotAsync(TektonRun run) =>
        GrainFactoryOf(Accepting[0]).GetGrain<IPipelineRunGrain>(PipelineRunKey.For(run.Namespace, run.Name)).GetSnapshotAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var (silo, state) in _silos)
        {
            state.Accepting = false;
            state.Up = false;
        }

        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloState
    {
        public volatile bool Accepting = true;
        public volatile bool Up = true;
        public int InFlight;
    }

    /// <summary>Each silo as <c>RelayApp</c> builds it, on the TestCluster's own ports and identity.</summary>
    public sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var configuration = siloBuilder.Configuration;
            var cluster = configuration.GetSection("cluster").Get<RelayClusterOptions>()!;
            siloBuilder.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis.ConnectionString!));
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
            });
            siloBuilder.UseRelayStorage(cluster, configuration.GetValue("run_ttl", TimeSpan.FromHours(24)));
            siloBuilder.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            siloBuilder.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
            siloBuilder.Services.AddRelayGrains(configuration);
            siloBuilder.Services.AddRelayReceiver(configuration);
            if (Environment.GetEnvironmentVariable("RELAY_TEST_SILO_LOG") is not null)
            {
                // Diagnosing a fault test: the silos' Relay logs (debug) on the test's console.
                siloBuilder.Services.AddLogging(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; })
                    .AddFilter("Relay", LogLevel.Debug).AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning));
            }
            siloBuilder.Services.Configure<OutboxOptions>(o =>
            {
                o.InitialBackoff = TimeSpan.FromMilliseconds(configuration.GetValue("test:initial_backoff_ms", 50));
                o.MaxBackoff = TimeSpan.FromMilliseconds(configuration.GetValue("test:max_backoff_ms", 500));
                o.MaxAttempts = configuration.GetValue("test:max_attempts", 20);
                o.ReminderPeriod = TimeSpan.FromSeconds(2);
            });
        }
    }

    public sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseRedisClustering(o => o.ConfigurationOptions = ConfigurationOptions.Parse(configuration["cluster:redis:connection_string"]!));
    }
}
