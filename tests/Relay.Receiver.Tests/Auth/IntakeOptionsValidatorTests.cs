using Relay.Receiver.Intake;
using Xunit;

namespace Relay.Receiver.Auth.Tests;

public sealed class IntakeOptionsValidatorTests
{
    [Fact]
    public void Every_auth_and_rate_limit_problem_is_reported_with_its_path()
    {
        var options = new IntakeOptions
        {
            Auth = new IntakeAuthOptions { Type = "hmac-sha256", SecretFile = null, TimestampTolerance = new(TimeSpan.Zero) },
            RateLimit = new IntakeRateLimitOptions { Enabled = true, RequestsPerSecond = 0, Burst = 0 },
        };

        var result = new IntakeOptionsValidator().Validate(null, options);

        Assert.Equal(
            [
                "server.auth.timestamp_tolerance: must be greater than zero",
                "server.auth.secret_file: required when server.auth.type is hmac-sha256",
                "server.rate_limit.requests_per_second: must be at least 1",
                "server.rate_limit.burst: must be at least 1",
            ],
            result.Failures);
    }

    [Fact]
    public void Unknown_auth_type_is_named()
    {
        var result = new IntakeOptionsValidator().Validate(null, new IntakeOptions { Auth = new IntakeAuthOptions { Type = "basic" } });

        Assert.Equal(["server.auth.type: unknown 'basic' (known: none, bearer, hmac-sha256)"], result.Failures);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new IntakeOptionsValidator().Validate(null, new IntakeOptions()).Succeeded);
    }
}
