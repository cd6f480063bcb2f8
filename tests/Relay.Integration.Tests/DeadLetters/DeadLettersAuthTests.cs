using System.Net;
using System.Net.Http.Headers;
using Relay.Integration.Tests.Auth;
using Xunit;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>With <c>server.auth</c> on, the dead-letter API is an operator endpoint like <c>/api/v1/runs</c>.</summary>
public sealed class DeadLettersAuthTests(BearerRelayFixture fixture) : IClassFixture<BearerRelayFixture>
{
    [Theory]
    [InlineData("GET", "/api/v1/dead-letters")]
    [InlineData("GET", "/api/v1/dead-letters/some-id")]
    [InlineData("POST", "/api/v1/dead-letters/some-id/replay")]
    [InlineData("POST", "/api/v1/dead-letters/replay?all=true")]
    [InlineData("DELETE", "/api/v1/dead-letters/some-id")]
    [InlineData("DELETE", "/api/v1/dead-letters?all=true")]
    public async Task Dead_letter_api_without_the_operator_secret_gets_401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await fixture.Relay.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Dead_letter_api_with_the_operator_secret_answers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/dead-letters");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecuredRelayFixture.Secret);

        using var response = await fixture.Relay.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
