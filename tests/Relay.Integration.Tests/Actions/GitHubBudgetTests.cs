using System.Net;
using System.Text.Json;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>
/// A tight content budget (6 requests a minute, 60 % of it kept for settled outcomes) and a burst of four runs: the
/// first two pending states go, the other two wait, and each is replaced unsent by its run's success; every run ends
/// right with fewer requests than without the budget, and no intermediate state is sent once the budget is short.
/// </summary>
public sealed class GitHubBudgetTests : IAsyncLifetime
{
    private FakeGitHubServer _github = null!;
    private RelayNode _relay = null!;
    private string _tokenFile = "";

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "ghp_budget");
        _relay = await RelayNode.StartAsync(
            $"""
            dashboard_url: https://tekton.example.com
            scm:
              github:
                - name: github
                  base_url: {_github.BaseUrl}
                  auth:
                    token_file: {_tokenFile}
                  budget:
                    per_minute: 6
                    terminal_reserve: 0.6
                  actions:
                    - name: checks
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
    public async Task A_burst_under_a_tight_budget_ends_right_with_fewer_requests_and_settled_states_first()
    {
        var runs = Enumerable.Range(0, 4).Select(i => new TektonRun($"budget-{i}-" + Guid.NewGuid().ToString("N")[..6])).ToArray();

        foreach (var run in runs)
        {
            await PostAsync(run.PipelineRunEvent("started"));
        }

        await Wait.UntilAsync(() => Statuses().Count == 2, () => $"two pending statuses; saw {Statuses().Count}");
        var waiting = runs.Where(r => _github.StatusesFor(r.Sha).Count == 0).ToArray();
        Assert.Equal(2, waiting.Length);
        foreach (var run in waiting)
        {
            await Wait.UntilAsync(
                async () => (await LastErrorAsync(run))?.Contains("content budget", StringComparison.Ordinal) == true,
                () => $"{run.Name}'s pending state deferred by the budget");
        }

        foreach (var run in runs)
        {
            await PostAsync(run.PipelineRunEvent("successful", minute: 2));
        }

        await Wait.UntilAsync(
            () => runs.All(r => _github.StatusesFor(r.Sha) is { Count: > 0 } posted && posted[^1].State == "success"),
            () => $"every run's status to end success; saw {string.Join(", ", Statuses().Select(s => s.State))}");

        var states = Statuses().Select(s => s.State ?? "").ToArray();
        Assert.Equal(6, states.Length);
        Assert.Equal(["pending", "pending", "success", "success", "success", "success"], states);
        Assert.All(waiting, run => Assert.Equal(["success"], _github.StatusesFor(run.Sha).Select(s => s.State ?? "").ToArray()));
    }

    private List<RecordedRequest> Statuses() => _github.Statuses.Where(s => s.Sha is not null).ToList();

    private async Task<string?> LastErrorAsync(TektonRun run)
    {
        using var response = await _relay.Http.GetAsync($"/api/v1/runs/{run.Namespace}/{run.Name}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var ledger = document.RootElement.GetProperty("ledger");
        return ledger.GetArrayLength() == 1 && ledger[0].TryGetProperty("last_error", out var error) && error.ValueKind == JsonValueKind.String
            ? error.GetString()
            : null;
    }

    private async Task PostAsync(TektonHttpEvent tektonEvent)
    {
        using var response = await _relay.PostAsync(tektonEvent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
