using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Relay.DeadLetters;
using Relay.Grains.DeadLetters;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>
/// An event that arrives while the previous effect of the same row is being settled (here: handed to the
/// dead-letter store) must not be folded into the entry on its way out: the newer decision is delivered.
/// </summary>
public sealed class OutboxInterleavingTests : IAsyncLifetime
{
    private readonly GatedDeadLetterSink _gate = new();
    private string _tokenFile = "";
    private FakeGitHubServer _github = null!;
    private RelayNode _relay = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "ghp_interleaving");
        _relay = await RelayNode.StartAsync(
            $"""
            scm:
              github:
                - name: github
                  base_url: {_github.BaseUrl}
                  auth:
                    token_file: {_tokenFile}
                  actions:
                    - name: run
                      type: check_run
            """,
            builder => builder.Services.AddSingleton<IDeadLetterSink>(sp =>
            {
                _gate.Inner = ActivatorUtilities.CreateInstance<DeadLetterSink>(sp);
                return _gate;
            }));
    }

    public async Task DisposeAsync()
    {
        _gate.Release();
        await _relay.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task A_newer_check_run_state_planned_while_the_old_one_is_dead_lettered_is_still_delivered()
    {
        var run = new TektonRun("interleave-" + Guid.NewGuid().ToString("N")[..8]);
        _github.FailNext(1, 403, body: "{\"message\":\"Resource not accessible by integration\"}", routeContains: "check-runs");

        await PostAsync(run.PipelineRunEvent("running"));
        await _gate.Entered.WaitAsync(TimeSpan.FromSeconds(30));

        // The in_progress check run is being dead-lettered right now; the run finishes meanwhile.
        await PostAsync(run.PipelineRunEvent("successful", minute: 2));
        _gate.Release();

        await Wait.UntilAsync(
            () => _github.CheckRuns.Any(c => c.Conclusion == "success"),
            () => $"a check run concluded success; requests: {string.Join(", ", _github.Requests.Select(r => $"{r.Route}={r.StatusCode}"))}");
        var check = Assert.Single(_github.CheckRuns);
        Assert.Equal("completed", check.Status);

        // The old decision sits in the store; replaying it posts nothing, because a newer one was delivered.
        var letter = Assert.Single(_gate.Added);
        Assert.Contains("\"state\":\"in_progress\"", letter.Effect!.Payload, StringComparison.Ordinal);
        using var replay = await _relay.Http.PostAsync($"/api/v1/dead-letters/{letter.Id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("superseded", JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("outcome").GetString());
        Assert.Single(check.Versions);
    }

    private async Task PostAsync(TektonHttpEvent tektonEvent)
    {
        using var response = await _relay.PostAsync(tektonEvent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The real sink, held at its first <c>AddAsync</c> until the test lets it go.</summary>
    private sealed class GatedDeadLetterSink : IDeadLetterSink
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DeadLetterSink Inner { get; set; } = null!;

        public Task Entered => _entered.Task;

        public List<DeadLetter> Added { get; } = [];

        public void Release() => _released.TrySetResult();

        public async Task AddAsync(DeadLetter letter)
        {
            lock (Added)
            {
                Added.Add(letter);
            }

            _entered.TrySetResult();
            await _released.Task;
            await Inner.AddAsync(letter);
        }

        public Task RemoveAsync(string id, ReplayOutcome outcome) => Inner.RemoveAsync(id, outcome);
    }
}
