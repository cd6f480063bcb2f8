using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Octokit;
using Relay.Grains.Actions.GitHub.Resilience;
using Relay.Grains.Diagnostics;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>The pipeline in front of Octokit, without Orleans: retries counted by reason, one pipeline per instance.</summary>
public sealed class GitHubResiliencePipelinesTests : IAsyncLifetime
{
    private FakeGitHubServer _github = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<RelayMetrics>()
            .AddSingleton<GitHubResiliencePipelines>()
            .AddSingleton<GitHubCallDeadline>()
            .AddSingleton<GitHubClientFactory>()
            .BuildServiceProvider();
    }

    [Fact]
    public async Task Retries_and_in_process_rate_limit_waits_are_counted_by_reason()
    {
        var measurements = new List<(string Instrument, string? Tag)>();
        var meterFactory = _services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name.StartsWith("relay.provider.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags)
            {
                if (t.Key is RelayMetrics.ReasonTag or RelayMetrics.WaitTag)
                {
                    tag = t.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, tag));
            }
        });
        listener.Start();
        var instance = new GitHubInstanceOptions { Name = "counted", BaseUrl = _github.BaseUrl };
        instance.Resilience.BaseDelay = new Relay.Configuration.Duration(TimeSpan.FromMilliseconds(10));
        _github.FailNext(1, 502);
        _github.FailNext(1, 429, new Dictionary<string, string> { ["Retry-After"] = "0" });

        var client = _services.GetRequiredService<GitHubClientFactory>().Create(instance, _github.BaseUrl, "ghp_counted");
        await client.Repository.Status.Create("acme", "webapp", RelayEvents.NewSha(), new NewCommitStatus { State = CommitState.Pending, Context = "c" });

        Assert.Equal(3, _github.Requests.Count);
        Assert.Equal(
            [("relay.provider.retries", "server_error"), ("relay.provider.retries", "rate_limit"), ("relay.provider.rate_limit.waits", "in_process")],
            measurements);
    }

    [Fact]
    public void Each_instance_has_its_own_pipeline_kept_until_its_settings_change()
    {
        var pipelines = _services.GetRequiredService<GitHubResiliencePipelines>();
        var one = new GitHubInstanceOptions { Name = "one" };
        var two = new GitHubInstanceOptions { Name = "two" };

        var first = pipelines.For(one);

        Assert.Same(first, pipelines.For(one));
        Assert.NotSame(first, pipelines.For(two));
        one.Resilience.MaxRetries = 1;
        Assert.NotSame(first, pipelines.For(one));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _github.DisposeAsync();
    }
}
