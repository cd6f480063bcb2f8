using System.Globalization;
using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using StackExchange.Redis;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// The production overlay's Redis and one silo, started here from their rendered pod specs. The silo reaches Redis
/// at its loopback port instead of the redis Service, and listens on free loopback ports: nothing else differs.
/// </summary>
public sealed class ProductionPods : IAsyncLifetime
{
    private readonly List<PodProcess> _pods = [];

    internal RenderedOverlay Production { get; private set; } = null!;

    internal RenderedOverlay Split { get; private set; } = null!;

    internal PodProcess Redis { get; private set; } = null!;

    internal PodProcess Silo { get; private set; } = null!;

    internal ConnectionMultiplexer RedisClient { get; private set; } = null!;

    internal string RedisEndpoint => $"127.0.0.1:{Redis.Ports.Values.Single()}";

    public async Task InitializeAsync()
    {
        Production = await RenderedOverlay.RenderAsync("production");
        Split = await RenderedOverlay.RenderAsync("split-receivers");

        Redis = Track(PodProcess.Start(Production, Production.Workload("redis").Containers.Single(), "redis-0"));
        RedisClient = await ConnectAsync(RedisEndpoint);
        Silo = StartSilo("relay-6c9d7f5b8-x2x4q");
        await Silo.WaitForProbeAsync("startupProbe", TimeSpan.FromSeconds(60));
    }

    /// <summary>Another pod of the silo Deployment, as a rollout's surge pod would start.</summary>
    internal PodProcess StartSilo(string podName) => Track(PodProcess.Start(
        Production, Production.RelayContainers.Single(c => c.IsSilo), podName, ClusterOverrides()));

    internal PodProcess StartReceiver(string podName) => Track(PodProcess.Start(
        Split, Split.RelayContainers.Single(c => c.RelayAssembly == "Relay.Receiver"), podName, ClusterOverrides()));

    public async Task DisposeAsync()
    {
        foreach (var pod in Enumerable.Reverse(_pods))
        {
            await pod.DisposeAsync();
        }

        if (RedisClient is not null)
        {
            await RedisClient.DisposeAsync();
        }
    }

    private Dictionary<string, string> ClusterOverrides() => new()
    {
        ["cluster__redis__connection_string"] = RedisEndpoint,
        ["cluster__silo_port"] = Relay.Testing.FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["cluster__gateway_port"] = Relay.Testing.FreePort.Next().ToString(CultureInfo.InvariantCulture),
    };

    private PodProcess Track(PodProcess pod)
    {
        _pods.Add(pod);
        return pod;
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(string endpoint)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AllowAdmin = true;
        options.AbortOnConnectFail = false;
        var client = await ConnectionMultiplexer.ConnectAsync(options);
        await Relay.Testing.Wait.UntilAsync(
            async () =>
            {
                try
                {
                    await client.GetDatabase().PingAsync();
                    return true;
                }
                catch (RedisConnectionException)
                {
                    return false;
                }
            },
            () => $"redis-server from the rendered StatefulSet to answer PING; log:\n{Redis.Log}",
            TimeSpan.FromSeconds(30));
        return client;
    }
}
