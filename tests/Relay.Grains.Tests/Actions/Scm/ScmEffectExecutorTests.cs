using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Relay.Actions;
using Relay.Grains.Actions.GitLab;
using Relay.Grains.Diagnostics;
using Xunit;

namespace Relay.Grains.Actions.Scm.Tests;

/// <summary>What the kit's executor answers without a provider's answer: dry runs, bad payloads, unknown instances, missing tokens.</summary>
public sealed class ScmEffectExecutorTests
{
    private static readonly ScmCommand Status = new()
    {
        Type = ScmActionTypes.CommitStatus, Owner = "acme/platform", Repository = "webapp", Sha = "abc1234def",
        Context = "tekton/webapp-ci", State = "pending", Description = "webapp-ci is in progress",
    };

    [Fact]
    public async Task A_dry_run_instance_is_delivered_without_a_token_or_a_request()
    {
        var result = await ExecuteAsync(new() { ["scm:gitlab:0:name"] = "gitlab", ["scm:gitlab:0:dry_run"] = "true" }, Envelope(Status));

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
    }

    [Fact]
    public async Task An_unknown_instance_is_a_permanent_failure_naming_it()
    {
        var result = await ExecuteAsync(new() { ["scm:gitlab:0:name"] = "other", ["scm:gitlab:0:dry_run"] = "true" }, Envelope(Status));

        Assert.Equal(ActionOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("no scm.gitlab instance named 'gitlab'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_payload_is_a_permanent_failure()
    {
        var result = await ExecuteAsync(new() { ["scm:gitlab:0:name"] = "gitlab" }, Envelope(Status) with { Payload = "[1,2" });

        Assert.Equal(ActionOutcome.PermanentFailure, result.Outcome);
        Assert.Contains("unreadable gitlab payload", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_file_not_there_yet_is_transient()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"relay-missing-{Guid.NewGuid():N}");
        var result = await ExecuteAsync(new() { ["scm:gitlab:0:name"] = "gitlab", ["scm:gitlab:0:auth:token_file"] = missing }, Envelope(Status));

        Assert.Equal(ActionOutcome.TransientFailure, result.Outcome);
        Assert.Contains("auth.token_file", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Retry-After", "7", 7)]
    [InlineData("RateLimit-Reset", "12", 12)]
    [InlineData("X-RateLimit-Reset", "30", 30)]
    public void The_wait_a_response_asks_for_is_read_from_retry_after_and_reset_headers(string header, string value, int seconds)
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation(header, value);

        Assert.Equal(TimeSpan.FromSeconds(seconds), ScmHttp.RequestedWait(response, DateTimeOffset.UtcNow));
    }

    [Fact]
    public void A_reset_given_as_a_unix_time_is_the_time_until_then()
    {
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("RateLimit-Reset", now.AddSeconds(42).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(TimeSpan.FromSeconds(42), ScmHttp.RequestedWait(response, now));
    }

    [Fact]
    public void Path_segments_are_encoded_so_a_namespace_is_one_segment()
    {
        Assert.Equal("acme%2Fplatform%2Fweb%20app", ScmHttp.Segment("acme/platform/web app"));
        Assert.Equal("https://gitlab.example.com/gitlab/api/v4/", ScmHttp.ApiRoot("https://gitlab.example.com/gitlab/", "api/v4").ToString());
    }

    private static Effect Envelope(ScmCommand command) => new()
    {
        Provider = "gitlab", Instance = "gitlab", Type = command.Type, Payload = ScmJson.Write(command), Summary = command.Describe(),
    };

    private static async Task<ActionResult> ExecuteAsync(Dictionary<string, string?> config, Effect effect)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RelayMetrics>();
        services.AddGitLabActions(configuration);
        await using var provider = services.BuildServiceProvider();
        var executor = provider.GetServices<IEffectExecutor>().Single(e => e.Provider == "gitlab");
        return await executor.ExecuteAsync(effect, memo: null, maybeSent: false, CancellationToken.None);
    }
}
