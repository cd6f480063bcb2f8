using System.Net;
using Microsoft.AspNetCore.Builder;
using Relay.Receiver;
using Relay.Silo.Hosting;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Cluster;

/// <summary>A split receiver is an Orleans client over Redis membership: it serves before the cluster exists, answering 503.</summary>
public sealed class SplitReceiverTests(RedisAndGitHub environment) : IClassFixture<RedisAndGitHub>
{
    private readonly RedisServer _redis = environment.Redis;
    private readonly FakeGitHubServer _github = environment.GitHub;
    private readonly string _tokenFile = environment.TokenFile;

    [Fact]
    public async Task Receiver_started_before_the_cluster_answers_503_until_connected_then_records_events()
    {
        var serviceId = "split-" + Guid.NewGuid().ToString("N")[..8];
        var receiverPort = FreePort.Next();
        var receiver = ReceiverApp.Create([.. ClusterArgs(serviceId), "--urls", $"http://127.0.0.1:{receiverPort}"]);
        var receiverStart = receiver.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{receiverPort}") };
        try
        {
            await Wait.UntilAsync(async () => await StatusAsync(http, "/healthz") == HttpStatusCode.OK, () => "the receiver to serve HTTP");
            var run = new TektonRun("split-" + Guid.NewGuid().ToString("N")[..8]);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync(http, "/readyz"));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await PostAsync(http, run.PipelineRunEvent("running")));

            await using var silo = await StartSiloAsync(serviceId);
            await receiverStart.WaitAsync(TimeSpan.FromSeconds(60));
            await Wait.UntilAsync(async () => await StatusAsync(http, "/readyz") == HttpStatusCode.OK, () => "the receiver to connect to the cluster");

            Assert.Equal(HttpStatusCode.OK, await PostAsync(http, run.PipelineRunEvent("running")));
            await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => "the pending status posted by the cluster");
        }
        finally
        {
            await receiver.StopAsync();
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task Cluster_going_down_gives_503_never_500()
    {
        var serviceId = "down-" + Guid.NewGuid().ToString("N")[..8];
        var silo = await StartSiloAsync(serviceId);
        var receiverPort = FreePort.Next();
        var receiver = ReceiverApp.Create([.. ClusterArgs(serviceId), "--urls", $"http://127.0.0.1:{receiverPort}"]);
        await receiver.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{receiverPort}") };
        try
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(http, new TektonRun("up-" + Guid.NewGuid().ToString("N")[..8]).PipelineRunEvent("running")));

            await silo.DisposeAsync();

            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 5; i++)
            {
                statuses.Add(await PostAsync(http, new TektonRun("gone-" + i).PipelineRunEvent("running")));
            }

            Assert.All(statuses, s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));
            await Wait.UntilAsync(async () => await StatusAsync(http, "/readyz") == HttpStatusCode.ServiceUnavailable, () => "readiness to fail without a cluster");
        }
        finally
        {
            await receiver.StopAsync();
            await receiver.DisposeAsync();
        }
    }

    private string[] ClusterArgs(string serviceId) =>
    [
        "--cluster:clustering", "redis", "--cluster:storage", "redis",
        "--cluster:redis:connection_string", _redis.ConnectionString,
        "--cluster:service_id", serviceId,
        "--cluster:response_timeout", "3s",
        "--cluster:membership:probe_timeout", "1s", "--cluster:membership:missed_probes_limit", "2",
        "--cluster:membership:votes_for_death", "1", "--cluster:membership:table_refresh", "2s",
    ];

    private async Task<WebApplication> StartSiloAsync(string serviceId)
    {
        var config = Path.Combine(Path.GetTempPath(), $"relay-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, RelayNode.GitHubConfig(_github.BaseUrl, _tokenFile));
        var app = RelayApp.Create(
        [
            .. ClusterArgs(serviceId), "--config", config, "--urls", "http://127.0.0.1:0",
            "--cluster:silo_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cluster:gateway_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, TektonHttpEvent tektonEvent)
    {
        using var request = tektonEvent.ToRequest(new Uri(http.BaseAddress!, "/"));
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }
}
