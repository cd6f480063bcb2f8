using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Auth;

/// <summary>
/// <c>hmac-sha256</c> and retries (SPEC §1): a signed event the cluster answered 503 stays usable, so the sender's
/// byte-identical retry (Tekton resends the same request) is accepted once the cluster is back, and has its effect.
/// </summary>
public sealed class HmacRetryTests : IAsyncLifetime
{
    private const string Secret = "s3cr3t-for-retries";
    private readonly RunGrainFault _fault = new();
    private FakeGitHubServer _github = null!;
    private RelayNode _relay = null!;
    private string _tokenFile = null!;
    private string _secretFile = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        _secretFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "t0ken");
        await File.WriteAllTextAsync(_secretFile, Secret + "\n");
        _relay = await RelayNode.StartAsync(
            RelayNode.GitHubConfig(_github.BaseUrl, _tokenFile, extra: $"""
                server:
                  auth:
                    type: hmac-sha256
                    secret_file: {_secretFile}
                """),
            builder => builder.Services.AddSingleton<IIncomingGrainCallFilter>(_fault));
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
        File.Delete(_secretFile);
    }

    [Fact]
    public async Task Signed_event_answered_503_is_accepted_when_retried_byte_for_byte()
    {
        var run = new TektonRun("hmac-retry-" + Guid.NewGuid().ToString("N")[..8]);
        var signed = Signed(run.PipelineRunEvent("running"), DateTimeOffset.UtcNow);
        _fault.Failing = true;

        using var failed = await _relay.PostAsync(signed);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal("unavailable", await EventPathTests.OutcomeAsync(failed));

        _fault.Failing = false;
        using var retried = await _relay.PostAsync(signed);

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal("accepted", await EventPathTests.OutcomeAsync(retried));
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => "the pending status of the retried signed event");

        // Once it succeeded, the same bytes are a replay again.
        using var replay = await _relay.PostAsync(signed);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("replayed", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Signs as a sender would: <c>sha256=hex(HMAC-SHA256(secret, "timestamp.body"))</c>.</summary>
    private static TektonHttpEvent Signed(TektonHttpEvent tektonEvent, DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var message = Encoding.UTF8.GetBytes(timestamp + ".").Concat(tektonEvent.Body).ToArray();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), message));
        return tektonEvent with
        {
            Headers = new Dictionary<string, string>(tektonEvent.Headers)
            {
                ["X-Webhook-Timestamp"] = timestamp,
                ["X-Hub-Signature-256"] = "sha256=" + signature,
            },
        };
    }

    /// <summary>Makes every run grain call fail while <see cref="Failing"/> is set, like a storage outage: intake answers 503.</summary>
    private sealed class RunGrainFault : IIncomingGrainCallFilter
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
