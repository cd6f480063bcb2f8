using Xunit;

namespace Relay.Receiver.Telemetry.Tests;

public sealed class TelemetryOptionsValidatorTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("http://otel-collector:4317")]
    [InlineData("https://otlp.example.com")]
    public void Unset_or_http_endpoint_is_valid(string? endpoint)
    {
        Assert.True(new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { OtlpEndpoint = endpoint }).Succeeded);
    }

    [Theory]
    [InlineData("otel-collector:4317")]
    [InlineData("ftp://collector")]
    [InlineData("not a url")]
    public void Other_endpoints_are_reported_with_their_path(string endpoint)
    {
        var result = new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { OtlpEndpoint = endpoint });

        Assert.Equal([$"telemetry.otlp_endpoint: '{endpoint}' is not an absolute http(s) URL"], result.Failures);
    }
}
