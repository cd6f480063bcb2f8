using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Relay.Integration.Tests.Cluster;
using Relay.Receiver;
using Relay.Silo.Hosting;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Notifiers;

/// <summary>
/// Notifiers in a cluster: two silos on a real Redis (membership and storage) behind two split receivers, every event
/// sent to both receivers (as two relays of the same Tekton would), a failing run and then a green one: each service
/// gets each message exactly once, and the "fixed" and resolve decisions hold across silos.
/// </summary>
public sealed class NotifierClusterTests(RedisAndGitHub environment) : IClassFixture<RedisAndGitHub>
{
    private readonly RedisServer _redis = environment.Redis;

    [Fact]
    public async Task Two_silos_and_two_receivers_send_each_message_exactly_once()
    {
        await using var setup = await NotifierSetup.StartAsync();
        var serviceId = "notify-" + Guid.NewGuid().ToString("N")[..8];
        var config = Path.Combine(Path.GetTempPath(), $"relay-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, "dashboard_url: https://tekton.example.com\n" + setup.Section(webhookFormat: "json"));
        var silos = new List<WebApplication>();
        var receivers = new List<WebApplication>();
        var clients = new List<HttpClient>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var silo = RelayApp.Create(
                [
                    .. ClusterArgs(serviceId), "--config", config, "--urls", "http://127.0.0.1:0",
                    "--cluster:silo_port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                    "--cluster:gateway_port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ]);
                await silo.StartAsync();
                silos.Add(silo);
            }

            for (var i = 0; i < 2; i++)
            {
                var port = FreePort.Next();
                var receiver = ReceiverApp.Create([.. ClusterArgs(serviceId), "--urls", $"http://127.0.0.1:{port}"]);
                await receiver.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
                receivers.Add(receiver);
                var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                clients.Add(http);
                await Wait.UntilAsync(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, () => "the receiver to join");
            }

            var pipeline = "cluster-" + Guid.NewGuid().ToString("N")[..6];
            var red = new TektonRun("red-" + Guid.NewGuid().ToString("N")[..8], pipeline: pipeline);
            await DeliverToBothAsync(clients, NotifierTests.Failing(red));
            var services = setup.Services;
            await Wait.UntilAsync(
                () => services.Delivered("slack").Count == 1 && services.Delivered("teams").Count == 1 && services.Delivered("discord").Count == 1
                      && services.Delivered("chat").Count == 1 && services.Delivered("pagerduty").Count == 1 && services.Delivered("hook").Count == 1
                      && setup.Smtp.Messages.Count == 1,
                () => $"one message per notifier; got {string.Join(", ", services.Requests.Select(r => r.Service))}, {setup.Smtp.Messages.Count} mails",
                TimeSpan.FromSeconds(60));

            var green = new TektonRun("green-" + Guid.NewGuid().ToString("N")[..8], pipeline: pipeline);
            await DeliverToBothAsync(clients, green.SuccessfulLifecycle("lint", "build"));
            await Wait.UntilAsync(
                () => services.Delivered("slack").Count == 2 && services.Delivered("pagerduty").Count == 2,
                () => "one fixed Slack message and one PagerDuty resolve",
                TimeSpan.FromSeconds(60));

            // Quiet period bounded by a condition: both runs' outboxes drained on the cluster (read through a silo's API).
            foreach (var run in new[] { red, green })
            {
                using var api = new HttpClient { BaseAddress = new Uri(silos[0].Urls.First()) };
                await Wait.UntilAsync(
                    async () => (await api.GetFromJsonElementAsync($"/api/v1/runs/{run.Namespace}/{run.Name}")).GetProperty("outbox_depth").GetInt32() == 0,
                    () => $"{run.Name} drained");
            }

            Assert.Equal(
                (2, 1, 1, 1, 2, 1, 1),
                (services.Delivered("slack").Count, services.Delivered("teams").Count, services.Delivered("discord").Count,
                    services.Delivered("chat").Count, services.Delivered("pagerduty").Count, services.Delivered("hook").Count, setup.Smtp.Messages.Count));
            Assert.Contains("is fixed", services.Delivered("slack")[1].RawBody, StringComparison.Ordinal);
            Assert.Equal("resolve", (string?)services.Delivered("pagerduty")[1].Body!["event_action"]);
            Assert.Equal((string?)services.Delivered("pagerduty")[0].Body!["dedup_key"], (string?)services.Delivered("pagerduty")[1].Body!["dedup_key"]);
            Assert.Equal("failure", (string?)services.Delivered("hook")[0].Body!["state"]);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            foreach (var app in receivers.Concat(silos))
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            File.Delete(config);
        }
    }

    private static async Task DeliverToBothAsync(List<HttpClient> clients, IEnumerable<TektonHttpEvent> events)
    {
        foreach (var tektonEvent in events)
        {
            await Task.WhenAll(clients.Select(async http =>
            {
                using var request = tektonEvent.ToRequest(new Uri(http.BaseAddress!, "/"));
                using var response = await http.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode, $"{tektonEvent}: {(int)response.StatusCode}");
            }));
        }
    }

    private string[] ClusterArgs(string serviceId) =>
    [
        "--cluster:clustering", "redis", "--cluster:storage", "redis",
        "--cluster:redis:connection_string", _redis.ConnectionString,
        "--cluster:service_id", serviceId,
        "--cluster:response_timeout", "10s",
    ];
}
