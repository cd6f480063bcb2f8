using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Relay.Receiver.Health;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests;

/// <summary>When the cluster cannot record an event, Tekton gets 503 + Retry-After (never 500) and can retry it.</summary>
public sealed class ClusterUnavailableTests : IAsyncLifetime
{
    private readonly StorageFault _fault = new();
    private FakeGitHubServer _github = null!;
    private RelayNode _relay = null!;
    private string _tokenFile = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "t0ken");
        _relay = await RelayNode.StartAsync(
            RelayNode.GitHubConfig(_github.BaseUrl, _tokenFile),
            builder => builder.Services.AddSingleton<IIncomingGrainCallFilter>(_fault));
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task Storage_failure_answers_503_and_the_retransmission_is_accepted_once()
    {
        var run = new TektonRun("down-" + Guid.NewGuid().ToString("N")[..10]);
        var tektonEvent = run.PipelineRunEvent("running");
        _fault.Failing = true;

        using var failed = await _relay.PostAsync(tektonEvent);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("1", failed.Headers.RetryAfter?.ToString());
        Assert.Equal("unavailable", await EventPathTests.OutcomeAsync(failed));

        _fault.Failing = false;
        using var retried = await _relay.PostAsync(tektonEvent);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("accepted", await EventPathTests.OutcomeAsync(retried));
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => "the pending status of the retried event");
    }

    [Fact]
    public async Task Closed_intake_during_shutdown_answers_503_and_readiness_fails()
    {
        var gate = _relay.Services.GetRequiredService<IntakeGate>();
        gate.Close("shutting down");
        try
        {
            using var response = await _relay.PostAsync(new TektonRun("closed-" + Guid.NewGuid().ToString("N")[..8]).PipelineRunEvent("running"));
            using var ready = await _relay.Http.GetAsync("/readyz");
            using var live = await _relay.Http.GetAsync("/healthz");

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }
        finally
        {
            gate.Open();
        }
    }

    /// <summary>Makes every run grain write fail while <see cref="Failing"/> is set, like a storage outage.</summary>
    private sealed class StorageFault : IIncomingGrainCallFilter
    {
        public volatile bool Failing;

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if (Failing && context.Grain is IPipelineRunGrain)
            {
                throw new InvalidOperationException("storage is down (injected)");
            }

            return context.Invoke();
        }
    }
}
