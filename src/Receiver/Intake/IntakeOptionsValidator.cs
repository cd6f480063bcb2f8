using Microsoft.Extensions.Options;
using Relay.Receiver.Auth;

namespace Relay.Receiver.Intake;

/// <summary>Checks the <c>server</c> section, reporting every problem with its path.</summary>
internal sealed class IntakeOptionsValidator : IValidateOptions<IntakeOptions>
{
    /// <summary>Kubernetes objects, and so Tekton bodies, stay below ~1.5 MiB: a smaller limit would drop real events.</summary>
    private const long SmallestUsefulLimit = 64 * 1024;

    public ValidateOptionsResult Validate(string? name, IntakeOptions options)
    {
        var errors = new List<string>();
        if (options.MaxBodySize.Bytes < SmallestUsefulLimit)
        {
            errors.Add($"server.max_body_size: {options.MaxBodySize.Bytes} bytes is below the 64KiB minimum (real Tekton events reach 60KB and more)");
        }

        if (options.IntakeTimeout.Value <= TimeSpan.Zero)
        {
            errors.Add("server.intake_timeout: must be greater than zero");
        }

        if (options.ManagementPort is { } port and (< 1 or > 65535))
        {
            errors.Add($"server.management_port: {port} is not a TCP port (1-65535)");
        }

        ValidateAuth(options.Auth, errors);
        ValidateRateLimit(options.RateLimit, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateAuth(IntakeAuthOptions auth, List<string> errors)
    {
        if (!AuthTypes.All.Contains(auth.Type, StringComparer.Ordinal))
        {
            errors.Add($"server.auth.type: unknown '{auth.Type}' (known: {string.Join(", ", AuthTypes.All)})");
            return;
        }

        if (auth.TimestampTolerance.Value <= TimeSpan.Zero)
        {
            errors.Add("server.auth.timestamp_tolerance: must be greater than zero");
        }

        if (!auth.Enabled)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(auth.SecretFile))
        {
            errors.Add($"server.auth.secret_file: required when server.auth.type is {auth.Type}");
        }
        else if (!File.Exists(auth.SecretFile))
        {
            errors.Add($"server.auth.secret_file: '{auth.SecretFile}' does not exist");
        }
        else if (new FileInfo(auth.SecretFile).Length == 0 || File.ReadAllText(auth.SecretFile).Trim().Length == 0)
        {
            errors.Add($"server.auth.secret_file: '{auth.SecretFile}' is empty");
        }
    }

    private static void ValidateRateLimit(IntakeRateLimitOptions rateLimit, List<string> errors)
    {
        if (rateLimit.RequestsPerSecond < 1)
        {
            errors.Add("server.rate_limit.requests_per_second: must be at least 1");
        }

        if (rateLimit.Burst < 1)
        {
            errors.Add("server.rate_limit.burst: must be at least 1");
        }
    }
}
