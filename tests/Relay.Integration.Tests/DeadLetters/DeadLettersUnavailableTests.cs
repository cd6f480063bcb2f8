using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Relay.DeadLetters;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>
/// When the store or a run grain cannot answer, the dead-letter API says 503 (never 500) and a replay that could not
/// be handed over leaves its entry failed, ready to be replayed again.
/// </summary>
public sealed class DeadLettersUnavailableTests(DeadLettersUnavailableTests.FaultyRelayFixture fixture)
    : IClassFixture<DeadLettersUnavailableTests.FaultyRelayFixture>
{
    private const string Api = "/api/v1/dead-letters";
    private readonly GrainFault _fault = fixture.Fault;
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    [Theory]
    [InlineData("GET", Api)]
    [InlineData("GET", Api + "/some-id")]
    [InlineData("POST", Api + "/some-id/replay")]
    [InlineData("POST", Api + "/replay?all=true")]
    [InlineData("DELETE", Api + "/some-id")]
    [InlineData("DELETE", Api + "?all=true")]
    public async Task Store_that_cannot_answer_gets_503(string method, string path)
    {
        _fault.FailShards = true;
        try
        {
            using var response = await _relay.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Contains("retry", json.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            _fault.FailShards = false;
        }
    }

    [Fact]
    public async Task Replay_the_run_grain_refuses_gets_503_and_the_entry_is_failed_again()
    {
        var run = new TektonRun("dlu-" + Guid.NewGuid().ToString("N")[..10]);
        var runKey = PipelineRunKey.For(run.Namespace, run.Name);
        _github.FailNext(1, 422);
        using (var posted = await _relay.PostAsync(run.PipelineRunEvent("running")))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var store = _relay.Services.GetRequiredService<IGrainFactory>().GetDeadLetterStore();
        DeadLetterPage? page = null;
        await Wait.UntilAsync(
            async () => (page = await store.ListAsync(new DeadLetterQuery { Filter = new DeadLetterFilter { RunPrefix = runKey } })).Total == 1,
            () => $"one dead letter for {runKey}; found {page?.Total}");
        var id = page!.Items[0].Id;

        _fault.FailReplays = true;
        HttpResponseMessage refused;
        try
        {
            refused = await _relay.Http.PostAsync($"{Api}/{id}/replay", content: null);
        }
        finally
        {
            _fault.FailReplays = false;
        }

        using (refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Equal("failed", json.RootElement.GetProperty("outcome").GetString());
            Assert.Contains("injected", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        }

        var entry = await store.GetAsync(id);
        Assert.Equal((DeadLetterStates.Failed, 1), (entry!.State, entry.Replays));
        using var replayed = await _relay.Http.PostAsync($"{Api}/{id}/replay", content: null);
        Assert.Equal(HttpStatusCode.Accepted, replayed.StatusCode);
        await Wait.UntilAsync(async () => await store.GetAsync(id) is null, () => $"dead letter {id} delivered on the second replay");
        Assert.Single(_github.StatusesFor(run.Sha));
    }

    /// <summary>A node whose grain calls can be made to fail.</summary>
    public sealed class FaultyRelayFixture : IAsyncLifetime
    {
        private string _tokenFile = null!;

        public GrainFault Fault { get; } = new();

        public FakeGitHubServer GitHub { get; private set; } = null!;

        public RelayNode Relay { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            GitHub = await FakeGitHubServer.StartAsync();
            _tokenFile = Path.GetTempFileName();
            await File.WriteAllTextAsync(_tokenFile, "t0ken");
            Relay = await RelayNode.StartAsync(
                RelayNode.GitHubConfig(GitHub.BaseUrl, _tokenFile),
                builder => builder.Services.AddSingleton<IIncomingGrainCallFilter>(Fault));
        }

        public async Task DisposeAsync()
        {
            await Relay.DisposeAsync();
            await GitHub.DisposeAsync();
            File.Delete(_tokenFile);
        }
    }

    /// <summary>Fails calls to the dead-letter shards, or run grains' replays, while asked to.</summary>
    public sealed class GrainFault : IIncomingGrainCallFilter
    {
        private volatile bool _failShards;
        private volatile bool _failReplays;

        public bool FailShards { get => _failShards; set => _failShards = value; }

        public bool FailReplays { get => _failReplays; set => _failReplays = value; }

        public Task Invoke(IIncomingGrainCallContext context)
        {
            if ((FailShards && context.Grain is IDeadLetterShardGrain)
                || (FailReplays && context.Grain is IPipelineRunGrain && context.InterfaceMethod.Name == nameof(IPipelineRunGrain.ReplayAsync)))
            {
                throw new InvalidOperationException("the grain cannot answer (injected)");
            }

            return context.Invoke();
        }
    }
}
