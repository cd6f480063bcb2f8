using System.Net;
using System.Text.Json;
using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using Relay.Testing;
using StackExchange.Redis;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// The pod specs run: Relay and Redis started from the rendered manifests answer their probes, silos join and leave
/// the membership table in Redis under their pod names, and a split receiver reaches them through it.
/// </summary>
public sealed class PodStartTests(ProductionPods pods) : IClassFixture<ProductionPods>
{
    private const int Active = 3;
    private const int Dead = 6;

    [Fact]
    public async Task Production_silo_passes_its_probes_and_joins_the_membership_table_under_its_pod_name()
    {
        await pods.Silo.WaitForProbeAsync("readinessProbe", TimeSpan.FromSeconds(30));
        await pods.Silo.WaitForProbeAsync("livenessProbe", TimeSpan.FromSeconds(10));

        var row = await MembershipRowAsync(pods.Silo.PodName);

        Assert.Equal(Active, row.GetProperty("Status").GetInt32());
        Assert.StartsWith("127.0.0.1:", row.GetProperty("SiloAddress").GetProperty("SiloAddress").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_surge_silo_joins_and_a_stopped_silo_leaves_the_table_within_its_grace_period()
    {
        var surge = pods.StartSilo("relay-6c9d7f5b8-surge");
        await surge.WaitForProbeAsync("readinessProbe", TimeSpan.FromSeconds(60));
        Assert.Equal(Active, (await MembershipRowAsync(surge.PodName)).GetProperty("Status").GetInt32());

        var grace = surge.Container.Workload.Pod.Number("terminationGracePeriodSeconds")!.Value;
        var preStop = surge.Container.Json.Number("lifecycle", "preStop", "sleep", "seconds") ?? 0;
        var (elapsed, exitCode) = await surge.TerminateAsync(TimeSpan.FromSeconds(grace - preStop));

        Assert.Equal(0, exitCode);
        Assert.Equal(Dead, (await MembershipRowAsync(surge.PodName)).GetProperty("Status").GetInt32());
        Assert.Equal(Active, (await MembershipRowAsync(pods.Silo.PodName)).GetProperty("Status").GetInt32());
        Assert.True(elapsed < TimeSpan.FromSeconds(grace - preStop), $"stopped in {elapsed}");
    }

    [Fact]
    public async Task Split_receiver_reaches_the_silos_through_redis_and_takes_tekton_events()
    {
        await pods.Silo.WaitForProbeAsync("readinessProbe", TimeSpan.FromSeconds(30));
        var receiver = pods.StartReceiver("relay-receiver-7b8c9d-k4m2p");
        await receiver.WaitForProbeAsync("startupProbe", TimeSpan.FromSeconds(60));
        await receiver.WaitForProbeAsync("readinessProbe", TimeSpan.FromSeconds(60));

        var run = new TektonRun("k8s-" + Guid.NewGuid().ToString("N")[..8]) { Annotated = false };
        using var http = new HttpClient();
        using var request = run.PipelineRunEvent("running").ToRequest(receiver.HttpUrl(new System.Text.Json.Nodes.JsonObject { ["port"] = "http", ["path"] = "/" }));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}; receiver log:\n{receiver.Log}\nsilo log:\n{pods.Silo.Log}");
        Assert.Contains("\"outcome\":\"accepted\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_started_from_the_rendered_config_never_evicts_persists_and_refuses_flushes()
    {
        var server = pods.RedisClient.GetServers().Single();

        Assert.Equal("noeviction", (await server.ConfigGetAsync("maxmemory-policy")).Single().Value);
        Assert.Equal("yes", (await server.ConfigGetAsync("appendonly")).Single().Value);
        var flush = await Assert.ThrowsAsync<RedisServerException>(() => pods.RedisClient.GetDatabase().ExecuteAsync("FLUSHALL"));
        Assert.Contains("NOPERM", flush.Message, StringComparison.Ordinal);
        Assert.True(await pods.RedisClient.GetDatabase().KeyExistsAsync(MembershipKey()), "the membership table is still there");
    }

    private RedisKey MembershipKey()
    {
        var cluster = pods.Production.ConfigOf(pods.Silo.Container).Cluster;
        return $"{cluster.ServiceId}/members/{cluster.ClusterId}";
    }

    private async Task<JsonElement> MembershipRowAsync(string podName)
    {
        JsonElement? found = null;
        await Wait.UntilAsync(
            async () =>
            {
                var rows = await pods.RedisClient.GetDatabase().HashValuesAsync(MembershipKey());
                found = rows.Where(r => r.ToString().StartsWith('{'))
                    .Select(r => JsonDocument.Parse(r.ToString()).RootElement)
                    .LastOrDefault(r => r.GetProperty("SiloName").GetString() == podName);
                return found is not null;
            },
            () => $"a membership row named {podName}",
            TimeSpan.FromSeconds(30));
        return found!.Value;
    }
}
