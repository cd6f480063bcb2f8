using System.Diagnostics;
using Relay.Diagnostics;
using Xunit;

namespace Relay.Receiver.Telemetry.Tests;

/// <summary>A webhook URL is a credential: an HttpClient span of a request marked secret keeps scheme and host only.</summary>
public sealed class SecretUrlRedactionTests
{
    [Fact]
    public void A_request_marked_secret_keeps_only_scheme_and_host_in_its_span()
    {
        using var activity = new Activity("POST").SetTag("url.full", "https://hooks.slack.com/services/T000/B000/secret");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://hooks.slack.com/services/T000/B000/secret");
        request.Options.Set(RelayTelemetryNames.SecretUrl, true);

        RelayTelemetry.RedactSecretUrl(activity, request);

        Assert.Equal("https://hooks.slack.com/[redacted]", activity.GetTagItem("url.full"));
    }

    [Fact]
    public void Any_other_request_keeps_its_url()
    {
        using var activity = new Activity("POST").SetTag("url.full", "https://api.github.com/repos/acme/webapp/statuses/abc");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.github.com/repos/acme/webapp/statuses/abc");

        RelayTelemetry.RedactSecretUrl(activity, request);

        Assert.Equal("https://api.github.com/repos/acme/webapp/statuses/abc", activity.GetTagItem("url.full"));
    }
}
