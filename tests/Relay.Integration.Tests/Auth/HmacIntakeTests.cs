using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Auth;

/// <summary><c>server.auth.type: hmac-sha256</c>: signed, fresh, unreplayed requests only (SPEC §1).</summary>
public sealed class HmacIntakeTests(HmacRelayFixture fixture) : IClassFixture<HmacRelayFixture>
{
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task Correctly_signed_event_is_accepted()
    {
        using var response = await SendAsync(Signed(NewEvent(), DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("accepted", await EventPathTests.OutcomeAsync(response));
    }

    [Fact]
    public async Task Unsigned_event_gets_401()
    {
        using var response = await _relay.PostAsync(NewEvent());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await EventPathTests.OutcomeAsync(response));
    }

    [Fact]
    public async Task Signature_made_with_another_secret_gets_401()
    {
        using var response = await SendAsync(Signed(NewEvent(), DateTimeOffset.UtcNow, secret: "not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signature_of_another_body_gets_401()
    {
        var signed = Signed(NewEvent(), DateTimeOffset.UtcNow);
        var tampered = signed with { Body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(signed.Body).Replace("\"ci\"", "\"prod\"", StringComparison.Ordinal)) };

        using var response = await SendAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Upper_case_hex_signature_gets_401()
    {
        var signed = Signed(NewEvent(), DateTimeOffset.UtcNow);
        var upper = signed with { Headers = new Dictionary<string, string>(signed.Headers) { ["X-Hub-Signature-256"] = "sha256=" + signed.Headers["X-Hub-Signature-256"][7..].ToUpperInvariant() } };

        using var response = await SendAsync(upper);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(-10)]
    [InlineData(10)]
    public async Task Timestamp_outside_the_tolerance_gets_401(int minutes)
    {
        using var response = await SendAsync(Signed(NewEvent(), DateTimeOffset.UtcNow.AddMinutes(minutes)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("X-Webhook-Timestamp", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_event_without_timestamp_gets_401()
    {
        var signed = Signed(NewEvent(), DateTimeOffset.UtcNow);
        var headers = new Dictionary<string, string>(signed.Headers);
        headers.Remove("X-Webhook-Timestamp");

        using var response = await SendAsync(signed with { Headers = headers });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Replayed_request_gets_401_the_second_time()
    {
        var signed = Signed(NewEvent(), DateTimeOffset.UtcNow);

        using var first = await SendAsync(signed);
        using var replay = await SendAsync(signed);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (first.StatusCode, replay.StatusCode));
        Assert.Contains("replayed", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_and_dashboard_require_the_bearer_secret_in_hmac_mode()
    {
        var run = new TektonRun("hmac-api-" + Guid.NewGuid().ToString("N")[..8]);
        using var posted = await SendAsync(Signed(run.PipelineRunEvent("running"), DateTimeOffset.UtcNow));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        foreach (var path in new[] { $"/api/v1/runs/ci/{run.Name}", "/dashboard/" })
        {
            using var anonymous = await _relay.Http.GetAsync(path);
            using var wrong = await GetAsync(path, "Bearer wrong");
            using var right = await GetAsync(path, "Bearer " + SecuredRelayFixture.Secret);

            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }
    }

    [Fact]
    public async Task Health_endpoints_stay_open_for_probes()
    {
        using var live = await _relay.Http.GetAsync("/healthz");
        using var ready = await _relay.Http.GetAsync("/readyz");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, ready.StatusCode));
    }

    private static TektonHttpEvent NewEvent() => new TektonRun("hmac-" + Guid.NewGuid().ToString("N")[..10]).PipelineRunEvent("running");

    /// <summary>Signs as a sender would: <c>sha256=hex(HMAC-SHA256(secret, "timestamp.body"))</c>.</summary>
    private static TektonHttpEvent Signed(TektonHttpEvent tektonEvent, DateTimeOffset at, string secret = SecuredRelayFixture.Secret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var message = Encoding.UTF8.GetBytes(timestamp + ".").Concat(tektonEvent.Body).ToArray();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message));
        return tektonEvent with
        {
            Headers = new Dictionary<string, string>(tektonEvent.Headers)
            {
                ["X-Webhook-Timestamp"] = timestamp,
                ["X-Hub-Signature-256"] = "sha256=" + signature,
            },
        };
    }

    private Task<HttpResponseMessage> SendAsync(TektonHttpEvent tektonEvent) => _relay.PostAsync(tektonEvent);

    private async Task<HttpResponseMessage> GetAsync(string path, string authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        return await _relay.Http.SendAsync(request);
    }
}
