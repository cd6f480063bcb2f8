using System.Net;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Faults;

/// <summary>
/// A provider call never outlives its caller: GitHub holding a request longer than the grain response timeout ends in
/// one cancelled attempt, then each state once and in order — no duplicate, no late <c>pending</c> after <c>success</c>.
/// </summary>
public sealed class ProviderHangTests : IAsyncLifetime
{
    private FakeGitHubServer _github = null!;
    private RelayNode _relay = null!;
    private string _tokenFile = "";

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "ghp_hang");
        // A 3 s grain response timeout: the delivery deadline is 80 % of it; the fake holds a request for 8 s.
        _relay = await RelayNode.StartAsync(
            $"""
            cluster:
              response_timeout: 3s
            scm:
              github:
                - name: github
                  base_url: {_github.BaseUrl}
                  auth:
                    token_file: {_tokenFile}
                  actions:
                    - name: statuses
                      type: commit_status
            """);
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task A_status_request_held_past_the_grain_timeout_is_cancelled_and_each_state_lands_once_in_order()
    {
        var run = new TektonRun("hang-" + Guid.NewGuid().ToString("N")[..8]);
        _github.HangNext(TimeSpan.FromSeconds(8), routeContains: run.Sha, bodyContains: "\"pending\"");

        await PostAsync(run.PipelineRunEvent("running"));
        await Wait.UntilAsync(() => _github.Hung == 1, () => "the pending status request reached GitHub and is held");
        await PostAsync(run.PipelineRunEvent("successful", minute: 2));

        await Wait.UntilAsync(
            () => _github.StatusesFor(run.Sha).Select(s => s.State).SequenceEqual(["pending", "success"]),
            () => $"pending then success at GitHub; got [{string.Join(", ", _github.StatusesFor(run.Sha).Select(s => s.State))}]",
            TimeSpan.FromSeconds(30));

        // Had the held request outlived its caller, it would be answered (and land after success) when its 8 s end.
        await Wait.UntilAsync(() => _github.HangsEnded == 1, () => "the held request ended", TimeSpan.FromSeconds(15));
        Assert.Equal(["pending", "success"], _github.StatusesFor(run.Sha).Select(s => s.State));
    }

    private async Task PostAsync(TektonHttpEvent tektonEvent)
    {
        using var response = await _relay.PostAsync(tektonEvent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
