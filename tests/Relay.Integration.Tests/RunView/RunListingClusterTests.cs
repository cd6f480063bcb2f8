using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Relay.Integration.Tests.Cluster;
using Relay.Silo.Hosting;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.RunView;

/// <summary>
/// The run listing in a cluster: two all-in-one silos on a real Redis (membership and grain storage), events posted to
/// either silo's HTTP port, the listing read from either; the index survives the whole cluster restarting.
/// </summary>
public sealed class RunListingClusterTests(RedisAndGitHub environment) : IClassFixture<RedisAndGitHub>
{
    [Fact]
    public async Task Runs_posted_to_either_silo_are_listed_by_both_and_survive_a_cluster_restart()
    {
        var serviceId = "runlist-" + Guid.NewGuid().ToString("N")[..8];
        var ns = "ns-" + Guid.NewGuid().ToString("N")[..8];
        var runs = Enumerable.Range(0, 6).Select(i => new TektonRun($"cluster-{i}-" + Guid.NewGuid().ToString("N")[..6], ns)).ToArray();
        var silos = new List<(WebApplication App, HttpClient Http)>();
        try
        {
            silos.Add(await StartSiloAsync(serviceId));
            silos.Add(await StartSiloAsync(serviceId));
            for (var i = 0; i < runs.Length; i++)
            {
                using var request = runs[i].PipelineRunEvent("running").ToRequest(new Uri(silos[i % 2].Http.BaseAddress!, "/"));
                using var response = await silos[i % 2].Http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var expected = runs.Select(r => r.Name).Reverse().ToArray();
            foreach (var (_, http) in silos)
            {
                IReadOnlyList<string> listed = [];
                await Wait.UntilAsync(
                    async () => (listed = await AllPagesAsync(http, ns)).SequenceEqual(expected),
                    () => $"{http.BaseAddress} to list the six runs newest first; listed {string.Join(", ", listed)}",
                    TimeSpan.FromSeconds(5));
            }

            foreach (var silo in silos)
            {
                await StopAsync(silo);
            }

            silos.Clear();
            silos.Add(await StartSiloAsync(serviceId));

            // No run grain is asked: the listing comes from the index records in Redis.
            Assert.Equal(expected, await AllPagesAsync(silos[0].Http, ns));
        }
        finally
        {
            foreach (var silo in silos)
            {
                await StopAsync(silo);
            }
        }
    }

    /// <summary>Every run of the namespace, two per page, in listing order.</summary>
    private static async Task<IReadOnlyList<string>> AllPagesAsync(HttpClient http, string ns)
    {
        var names = new List<string>();
        string? cursor = null;
        do
        {
            using var response = await http.GetAsync($"/api/v1/runs?namespace={ns}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            names.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        return names;
    }

    private async Task<(WebApplication App, HttpClient Http)> StartSiloAsync(string serviceId)
    {
        var config = Path.Combine(Path.GetTempPath(), $"relay-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, RelayNode.GitHubConfig(environment.GitHub.BaseUrl, environment.TokenFile));
        var app = RelayApp.Create(
        [
            "--cluster:clustering", "redis", "--cluster:storage", "redis",
            "--cluster:redis:connection_string", environment.Redis.ConnectionString,
            "--cluster:service_id", serviceId,
            "--cluster:membership:probe_timeout", "1s", "--cluster:membership:missed_probes_limit", "2",
            "--cluster:membership:votes_for_death", "1", "--cluster:membership:table_refresh", "2s",
            "--config", config, "--urls", "http://127.0.0.1:0",
            "--cluster:silo_port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--cluster:gateway_port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    private static async Task StopAsync((WebApplication App, HttpClient Http) silo)
    {
        silo.Http.Dispose();
        await silo.App.StopAsync();
        await silo.App.DisposeAsync();
    }
}
