using System.Net;
using System.Text.Json;
using Relay.Health;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Cluster;

/// <summary><c>/readyz</c> reports the cluster's silos and each action instance's health summed over every silo.</summary>
public sealed class ReadinessTests(RedisAndGitHub environment) : IClassFixture<RedisAndGitHub>
{
    [Fact]
    public async Task Action_health_is_summed_over_every_silo()
    {
        await using var cluster = await RedisTestCluster.StartAsync(2, environment.Redis.ConnectionString, "relay-ready",
            RelayClusterFixture.RelaySettings(environment.GitHub.BaseUrl, environment.TokenFile));
        var traffic = new TektonTraffic(runs: 12, tasksPerRun: 1, prefix: "ready");
        await traffic.DeliverAsync(cluster.SendAsync, concurrency: 4, seed: 3, CancellationToken.None);
        await Wait.UntilAsync(() => environment.GitHub.Statuses.Count == 12 * 4, () => $"48 statuses, got {environment.GitHub.Statuses.Count}");

        var report = await cluster.GrainFactoryOf(cluster.Accepting[0]).GetGrain<IClusterHealthGrain>(0).GetReportAsync();

        Assert.Equal(2, report.Silos.Count(s => s.Value == "active"));
        var action = Assert.Single(report.Actions);
        Assert.Equal(("github/statuses", 48L, 0L), (action.Action, action.Succeeded, action.Failed));
        Assert.Empty(report.Unreachable);
    }

    [Fact]
    public async Task Readyz_lists_silos_and_action_failures_with_the_last_error()
    {
        var config = RelayNode.GitHubConfig(environment.GitHub.BaseUrl, environment.TokenFile);
        await using var relay = await RelayNode.StartAsync(config);
        environment.GitHub.FailNext(1, 422, body: "{\"message\":\"Validation Failed\"}");
        using (var response = await relay.PostAsync(new TektonRun("readyz-" + Guid.NewGuid().ToString("N")[..8]).PipelineRunEvent("running")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        JsonElement actions = default;
        await Wait.UntilAsync(
            async () =>
            {
                using var ready = await relay.Http.GetAsync("/readyz");
                using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
                var data = json.RootElement.GetProperty("checks").GetProperty("actions");
                if (ready.StatusCode != HttpStatusCode.OK || !data.TryGetProperty("data", out var d) || !d.GetProperty("actions").TryGetProperty("github/checks", out var a))
                {
                    return false;
                }

                actions = a.Clone();
                return actions.GetProperty("failed").GetInt64() >= 1;
            },
            () => "readyz to report the failed action");

        Assert.Contains("422", actions.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, actions.GetProperty("last_error_at").ValueKind);
    }
}
