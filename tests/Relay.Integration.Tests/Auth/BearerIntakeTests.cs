using System.Net;
using System.Net.Http.Headers;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Auth;

/// <summary><c>server.auth.type: bearer</c>: the shared secret in <c>Authorization</c>, re-read when its file changes.</summary>
public sealed class BearerIntakeTests(BearerRelayFixture fixture) : IClassFixture<BearerRelayFixture>
{
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task Event_with_the_secret_is_accepted()
    {
        using var response = await PostAsync(SecuredRelayFixture.Secret);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    [InlineData("s3cr3t-shared-with-sender")]
    [InlineData("s3cr3t-shared-with-senders-and-more")]
    public async Task Event_without_the_right_secret_gets_401(string? secret)
    {
        using var response = await PostAsync(secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await EventPathTests.OutcomeAsync(response));
    }

    [Fact]
    public async Task Rotated_secret_file_takes_effect_without_a_restart()
    {
        const string rotated = "rotated-secret-value";
        try
        {
            await File.WriteAllTextAsync(fixture.SecretFile, rotated);
            File.SetLastWriteTimeUtc(fixture.SecretFile, DateTime.UtcNow.AddSeconds(1));

            using var old = await PostAsync(SecuredRelayFixture.Secret);
            using var fresh = await PostAsync(rotated);
            using var api = await GetRunAsync(rotated);

            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (old.StatusCode, fresh.StatusCode));
            Assert.NotEqual(HttpStatusCode.Unauthorized, api.StatusCode);
        }
        finally
        {
            await File.WriteAllTextAsync(fixture.SecretFile, SecuredRelayFixture.Secret);
            File.SetLastWriteTimeUtc(fixture.SecretFile, DateTime.UtcNow.AddSeconds(2));
        }
    }

    [Fact]
    public async Task Api_requires_the_bearer_secret()
    {
        using var anonymous = await _relay.Http.GetAsync("/api/v1/runs/ci/anything");
        using var authorized = await GetRunAsync(SecuredRelayFixture.Secret);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, authorized.StatusCode);
    }

    private async Task<HttpResponseMessage> PostAsync(string? secret)
    {
        var tektonEvent = new TektonRun("bearer-" + Guid.NewGuid().ToString("N")[..10]).PipelineRunEvent("running");
        using var request = tektonEvent.ToRequest(new Uri(_relay.BaseAddress, "/"));
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + secret);
        }

        return await _relay.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetRunAsync(string secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/runs/ci/never-seen-" + Guid.NewGuid().ToString("N")[..6]);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return await _relay.Http.SendAsync(request);
    }
}
