using Microsoft.Extensions.Options;

namespace Relay.Receiver.Telemetry;

/// <summary>Checks the <c>telemetry</c> section, reporting every problem with its path.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            return ValidateOptionsResult.Success;
        }

        return Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"telemetry.otlp_endpoint: '{options.OtlpEndpoint}' is not an absolute http(s) URL");
    }
}
