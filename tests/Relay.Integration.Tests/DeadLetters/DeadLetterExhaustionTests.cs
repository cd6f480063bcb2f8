using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relay.Grains.Runs;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>
/// Exhausted retries go to the store too (SPEC §6): a node with two outbox attempts 50 ms apart and no in-process
/// retries, against a fake GitHub that answers 502 twice.
/// </summary>
public sealed class DeadLetterExhaustionTests : IAsyncLifetime
{
    private FakeGitHubServer _github = null!;
    private RelayNode _relay = null!;
    private string _tokenFile = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "t0ken");
        _relay = await RelayNode.StartAsync(RelayNode.GitHubConfig(_github.BaseUrl, _tokenFile), builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["scm:github:0:resilience:max_retries"] = "0" });
            builder.Services.Configure<OutboxOptions>(o =>
            {
                o.MaxAttempts = 2;
                o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                o.MaxBackoff = TimeSpan.FromMilliseconds(100);
            });
        });
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task Status_that_fails_transiently_on_every_attempt_becomes_a_dead_letter_with_those_attempts()
    {
        var run = new TektonRun("dlx-" + Guid.NewGuid().ToString("N")[..10]);
        _github.FailNext(2, 502, body: """{"message":"Bad Gateway"}""");
        using (var posted = await _relay.PostAsync(run.PipelineRunEvent("running")))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var items = await _relay.WaitForDeadLettersAsync(run, l => l.Length == 1, () => $"one after two 502s; requests: {_github.Requests.Count}");

        var letter = items[0];
        Assert.Equal(2, letter.GetProperty("attempts").GetInt32());
        Assert.Contains("502", letter.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, _github.Requests.Count(r => r.Sha == run.Sha));
        Assert.Empty(_github.StatusesFor(run.Sha));
    }
}
