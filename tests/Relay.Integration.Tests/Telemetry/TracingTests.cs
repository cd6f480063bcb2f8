using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using OpenTelemetry.Trace;
using Relay.Receiver.Telemetry;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Telemetry;

/// <summary>A node whose spans go to an in-memory exporter, posting to a fake GitHub.</summary>
public sealed class TracedRelayFixture : IAsyncLifetime
{
    private string? _tokenFile;

    public List<Activity> Spans { get; } = [];

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHubServer.StartAsync("/gh/api/");
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "ghp_traced");
        Relay = await RelayNode.StartAsync(
            RelayNode.GitHubConfig(GitHub.BaseUrl, _tokenFile, contextPerTask: false),
            builder => builder.Services.AddRelayTracing(tracing => tracing.AddInMemoryExporter(Spans)));
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        await GitHub.DisposeAsync();
        File.Delete(_tokenFile!);
    }
}

/// <summary>One trace from the HTTP intake through the grains to the GitHub call (SPEC §7).</summary>
public sealed class TracingTests(TracedRelayFixture fixture) : IClassFixture<TracedRelayFixture>
{
    [Fact]
    public async Task Intake_grain_calls_and_the_github_request_share_one_trace()
    {
        var run = new TektonRun("traced-" + Guid.NewGuid().ToString("N")[..8]);

        using var response = await fixture.Relay.PostAsync(run.PipelineRunEvent("running"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Wait.UntilAsync(
            // The delivery span ends after the GitHub call it contains: wait for both.
            () => Snapshot().Any(s => s.Kind == ActivityKind.Client && Url(s).Contains($"/statuses/{run.Sha}", StringComparison.Ordinal))
                  && Snapshot().Any(s => s.OperationName == "relay.action.deliver" && (s.GetTagItem("relay.run") as string)?.Contains(run.Name, StringComparison.Ordinal) == true),
            () => $"an HttpClient span for the status of {run.Sha}; spans: {string.Join(", ", Snapshot().Select(s => s.DisplayName).Distinct())}");

        var spans = Snapshot();
        var intake = spans.Single(s => s.Source.Name == "Relay" && s.OperationName == "relay.intake" && (s.GetTagItem("relay.event_key") as string)?.Contains(run.Name, StringComparison.Ordinal) == true);
        var server = spans.Single(s => s.SpanId == intake.ParentSpanId);
        var github = spans.Single(s => s.Kind == ActivityKind.Client && Url(s).Contains($"/statuses/{run.Sha}", StringComparison.Ordinal));
        var trace = spans.Where(s => s.TraceId == intake.TraceId).ToList();

        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(intake.TraceId, github.TraceId);
        Assert.Contains(trace, s => s.OperationName == "relay.action.deliver");
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
    }

    private List<Activity> Snapshot()
    {
        lock (fixture.Spans)
        {
            return [.. fixture.Spans];
        }
    }

    private static string Url(Activity span) => span.GetTagItem("url.full") as string ?? "";
}
