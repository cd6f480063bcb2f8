using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Orleans;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Relay.DeadLetters;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>
/// The dead-letter instruments: entries held (right across shard deactivation and reactivation), entries enqueued,
/// replays by outcome, purges. Runs in the dead-letter collection, whose tests never overlap.
/// </summary>
[Collection(DeadLetterRelayCollection.Name)]
public sealed class DeadLetterMetricsTests(DeadLetterRelayFixture fixture)
{
    private const string Api = "/api/v1/dead-letters";
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task Held_entries_follow_adds_replays_purges_and_shard_deactivation()
    {
        var grains = _relay.Services.GetRequiredService<IGrainFactory>();
        // Every shard active first, so the gauge below moves only by what this test does.
        await grains.GetDeadLetterStore().ListAsync(new DeadLetterQuery());
        var factory = _relay.Services.GetRequiredService<IMeterFactory>();
        using var held = new MetricCollector<long>(factory, "Relay", "relay.dead_letters");
        using var enqueued = new MetricCollector<long>(factory, "Relay", "relay.dead_letters.enqueued");
        using var replayed = new MetricCollector<long>(factory, "Relay", "relay.dead_letters.replayed");
        using var purged = new MetricCollector<long>(factory, "Relay", "relay.dead_letters.purged");

        var replayRun = new TektonRun("dlm-" + Guid.NewGuid().ToString("N")[..10]);
        var purgeRun = new TektonRun("dlm-" + Guid.NewGuid().ToString("N")[..10]);
        var replayId = await DeadLetterOfAsync(replayRun);
        var purgeId = await DeadLetterOfAsync(purgeRun);
        Assert.Equal(2, Sum(held));
        Assert.Equal(2, enqueued.GetMeasurementSnapshot().Count(m =>
            Equals(m.Tags["relay.provider"], "github") && Equals(m.Tags["relay.action"], "commit_status")));

        await DeactivateEveryShardAsync(grains);
        await grains.GetDeadLetterStore().ListAsync(new DeadLetterQuery());
        Assert.Equal(2, Sum(held));

        using (var replay = await _relay.Http.PostAsync($"{Api}/{replayId}/replay", content: null))
        {
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        }

        await Wait.UntilAsync(() => Sum(held) == 1, () => $"the replayed entry to leave; held moved by {Sum(held)}");
        using (var delete = await _relay.Http.DeleteAsync($"{Api}/{purgeId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Equal(0, Sum(held));
        Assert.Equal("enqueued", Assert.Single(replayed.GetMeasurementSnapshot()).Tags["relay.outcome"]);
        Assert.Equal(1, Sum(purged));
        Assert.Single(_github.StatusesFor(replayRun.Sha));
        var scrape = await _relay.Http.GetStringAsync("/metrics");
        Assert.Contains("relay_dead_letters_enqueued_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("relay_dead_letters_replayed_total{", scrape, StringComparison.Ordinal);
        Assert.Contains("relay_dead_letters_purged_total", scrape, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^relay_dead_letters(\{[^}]*\})? ", scrape);
    }

    private static long Sum(MetricCollector<long> collector) => collector.GetMeasurementSnapshot().Sum(m => m.Value);

    private static async Task DeactivateEveryShardAsync(IGrainFactory grains)
    {
        foreach (var shard in grains.GetDeadLetterShards())
        {
            await shard.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        }

        var management = grains.GetGrain<IManagementGrain>(0);
        await Wait.UntilAsync(
            async () => (await management.GetActiveGrains(GrainType.Create("deadlettershard"))).Count == 0,
            () => "every dead-letter shard deactivated");
    }

    private async Task<string> DeadLetterOfAsync(TektonRun run)
    {
        _github.FailNext(1, 422);
        using (var response = await _relay.PostAsync(run.PipelineRunEvent("running")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var items = await _relay.WaitForDeadLettersAsync(run, l => l.Length == 1);
        return items[0].GetProperty("id").GetString()!;
    }
}
