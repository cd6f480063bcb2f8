using System.Net;
using System.Net.Http.Headers;
using Relay.Integration.Tests.Auth;
using Xunit;

namespace Relay.Integration.Tests.RunView;

/// <summary>With <c>server.auth</c> on, the run listing and the run view are operator endpoints like the rest of <c>/api/v1</c>.</summary>
public sealed class RunViewAuthTests(BearerRelayFixture fixture) : IClassFixture<BearerRelayFixture>
{
    [Theory]
    [InlineData("GET", "/api/v1/runs")]
    [InlineData("GET", "/ui")]
    [InlineData("GET", "/ui/runs/ci/some-run")]
    [InlineData("GET", "/ui/runs/ci/taskrun/some-run")]
    [InlineData("POST", "/ui/dead-letters/some-id/replay")]
    public async Task Without_the_operator_secret_the_answer_is_401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);

        using var response = await fixture.Relay.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/runs")]
    [InlineData("/ui")]
    public async Task With_the_operator_secret_the_listing_answers(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecuredRelayFixture.Secret);

        using var response = await fixture.Relay.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
