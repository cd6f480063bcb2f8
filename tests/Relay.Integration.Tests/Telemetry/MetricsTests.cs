using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Telemetry;

/// <summary>The Relay meter seen from inside (MetricCollector) and from a Prometheus scraper (<c>GET /metrics</c>).</summary>
[Collection(GitHubRelayCollection.Name)]
public sealed partial class MetricsTests(GitHubRelayFixture fixture)
{
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task Event_path_records_intake_dedupe_action_and_provider_measurements()
    {
        var factory = _relay.Services.GetRequiredService<IMeterFactory>();
        using var intake = new MetricCollector<long>(factory, "Relay", "relay.intake.events");
        using var latency = new MetricCollector<double>(factory, "Relay", "relay.intake.duration");
        using var duplicates = new MetricCollector<long>(factory, "Relay", "relay.events.duplicates");
        using var actions = new MetricCollector<long>(factory, "Relay", "relay.actions");
        using var provider = new MetricCollector<double>(factory, "Relay", "relay.provider.duration");
        var run = new TektonRun("metrics-" + Guid.NewGuid().ToString("N")[..8]);
        var running = run.PipelineRunEvent("running");

        using var first = await _relay.PostAsync(running);
        using var retransmitted = await _relay.PostAsync(running);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => $"the pending status of {run.Sha}");
        await Wait.UntilAsync(
            () => actions.GetMeasurementSnapshot().Any(m => Tag(m.Tags, "relay.outcome") == "succeeded"),
            () => $"a succeeded relay.actions measurement; got {actions.GetMeasurementSnapshot().Count}");

        var outcomes = intake.GetMeasurementSnapshot()
            .Where(m => Tag(m.Tags, "relay.event_type") == "dev.tekton.event.pipelinerun.running.v1")
            .Select(m => Tag(m.Tags, "relay.outcome")).ToList();
        Assert.Contains("accepted", outcomes);
        Assert.Contains("duplicate", outcomes);
        Assert.All(latency.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0, 30));
        Assert.True(latency.GetMeasurementSnapshot().Count >= 2);
        Assert.True(duplicates.GetMeasurementSnapshot().Sum(m => m.Value) >= 1);
        var call = provider.GetMeasurementSnapshot().First(m => Tag(m.Tags, "relay.outcome") == "succeeded");
        Assert.Equal("github", Tag(call.Tags, "relay.provider"));
        Assert.InRange(call.Value, 0, 30);
        var action = actions.GetMeasurementSnapshot().First(m => Tag(m.Tags, "relay.outcome") == "succeeded");
        Assert.Equal(("github", "commit_status"), (Tag(action.Tags, "relay.provider"), Tag(action.Tags, "relay.action")));
    }

    [Fact]
    public async Task Prometheus_scrape_shows_relay_orleans_and_runtime_series_after_an_event()
    {
        var run = new TektonRun("scrape-" + Guid.NewGuid().ToString("N")[..8]);
        using var posted = await _relay.PostAsync(run.PipelineRunEvent("running"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => $"the pending status of {run.Sha}");

        var text = "";
        await Wait.UntilAsync(async () =>
        {
            text = await _relay.Http.GetStringAsync("/metrics");
            return text.Contains("relay_actions_total{", StringComparison.Ordinal);
        }, () => $"relay_actions_total in /metrics; got {text.Length} chars");

        var accepted = Series(text, "relay_intake_events_total", "relay_outcome=\"accepted\"", "relay_event_type=\"dev.tekton.event.pipelinerun.running.v1\"");
        Assert.True(accepted >= 1, $"accepted events: {accepted}");
        Assert.True(Series(text, "relay_intake_duration_seconds_count", "relay_outcome=\"accepted\"") >= 1);
        Assert.True(Series(text, "relay_actions_total", "relay_outcome=\"succeeded\"", "relay_action=\"commit_status\"") >= 1);
        Assert.True(Series(text, "relay_provider_duration_seconds_count", "relay_provider=\"github\"") >= 1);
        Assert.Matches(OrleansSeries(), text);
        Assert.Matches(RuntimeSeries(), text);
    }

    private static string? Tag(IReadOnlyDictionary<string, object?> tags, string name) => tags.TryGetValue(name, out var value) ? value as string : null;

    /// <summary>The value of the series named <paramref name="metric"/> whose labels contain every one of <paramref name="labels"/>.</summary>
    private static double Series(string exposition, string metric, params string[] labels) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            .Select(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0)
            .Sum();

    [GeneratedRegex(@"(?m)^orleans_\w+")]
    private static partial Regex OrleansSeries();

    [GeneratedRegex(@"(?m)^(dotnet|process_runtime_dotnet)_\w+")]
    private static partial Regex RuntimeSeries();
}
