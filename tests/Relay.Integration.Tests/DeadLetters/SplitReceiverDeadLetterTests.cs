using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Relay.Integration.Tests.Cluster;
using Relay.Receiver;
using Relay.Runs;
using Relay.Silo.Hosting;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>
/// The dead-letter API on a split receiver (an Orleans client) over a silo with Redis clustering and storage: the
/// entry is stored as JSON in Redis, listed and replayed through the receiver, and the receiver answers 503 once the
/// cluster is gone.
/// </summary>
public sealed class SplitReceiverDeadLetterTests(RedisAndGitHub environment) : IClassFixture<RedisAndGitHub>
{
    private const string Api = "/api/v1/dead-letters";
    private readonly FakeGitHubServer _github = environment.GitHub;

    [Fact]
    public async Task Split_receiver_lists_and_replays_dead_letters_stored_in_redis_and_answers_503_without_a_cluster()
    {
        var serviceId = "dl-" + Guid.NewGuid().ToString("N")[..8];
        var silo = await StartSiloAsync(serviceId);
        var siloRunning = true;
        var receiverPort = FreePort.Next();
        var receiver = ReceiverApp.Create([.. ClusterArgs(serviceId), "--urls", $"http://127.0.0.1:{receiverPort}"]);
        await receiver.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{receiverPort}") };
        try
        {
            await Wait.UntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, () => "the receiver to connect");
            var run = new TektonRun("dls-" + Guid.NewGuid().ToString("N")[..8]);
            var list = $"{Api}?run={Uri.EscapeDataString(PipelineRunKey.For(run.Namespace, run.Name))}";
            _github.FailNext(1, 422);
            using (var posted = await http.SendAsync(run.PipelineRunEvent("running").ToRequest(new Uri(http.BaseAddress, "/"))))
            {
                Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            }

            JsonElement items = default;
            await Wait.UntilAsync(
                async () => (items = (await JsonAsync(http, list)).GetProperty("items")).GetArrayLength() == 1,
                () => $"one dead letter for {run.Name} through the receiver");
            var id = items[0].GetProperty("id").GetString()!;
            Assert.Equal(422, items[0].GetProperty("status_code").GetInt32());

            using (var replay = await http.PostAsync($"{Api}/{id}/replay", content: null))
            {
                Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
            }

            await Wait.UntilAsync(async () => (await http.GetAsync($"{Api}/{id}")).StatusCode == HttpStatusCode.NotFound, () => $"dead letter {id} to leave");
            Assert.Single(_github.StatusesFor(run.Sha));

            await silo.DisposeAsync();
            siloRunning = false;
            await Wait.UntilAsync(
                async () => (await http.GetAsync(Api)).StatusCode == HttpStatusCode.ServiceUnavailable,
                () => "the dead-letter API to answer 503 without a cluster",
                TimeSpan.FromSeconds(60));
        }
        finally
        {
            await receiver.StopAsync();
            await receiver.DisposeAsync();
            if (siloRunning)
            {
                await silo.DisposeAsync();
            }
        }
    }

    private string[] ClusterArgs(string serviceId) =>
    [
        "--cluster:clustering", "redis", "--cluster:storage", "redis",
        "--cluster:redis:connection_string", environment.Redis.ConnectionString,
        "--cluster:service_id", serviceId,
        "--cluster:response_timeout", "3s",
        "--cluster:membership:probe_timeout", "1s", "--cluster:membership:missed_probes_limit", "2",
        "--cluster:membership:votes_for_death", "1", "--cluster:membership:table_refresh", "2s",
    ];

    private async Task<WebApplication> StartSiloAsync(string serviceId)
    {
        var config = Path.Combine(Path.GetTempPath(), $"relay-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, RelayNode.GitHubConfig(_github.BaseUrl, environment.TokenFile));
        var app = RelayApp.Create(
        [
            .. ClusterArgs(serviceId), "--config", config, "--urls", "http://127.0.0.1:0",
            "--cluster:silo_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--cluster:gateway_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonElement> JsonAsync(HttpClient http, string path)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(path));
        return json.RootElement.Clone();
    }
}
