using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Relay.Configuration;
using Relay.Receiver.Intake;
using Xunit;

namespace Relay.Receiver.Auth.Tests;

public sealed class IntakeAuthenticatorTests : IDisposable
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"pipelineRun\":{}}");
    private readonly string _secretFile = Path.GetTempFileName();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public IntakeAuthenticatorTests() => File.WriteAllText(_secretFile, "top-secret\n");

    public void Dispose() => File.Delete(_secretFile);

    [Fact]
    public void Signed_fresh_request_that_succeeded_is_a_replay_the_second_time()
    {
        var authenticator = Hmac();
        var headers = Signed(_time.GetUtcNow());

        Assert.Null(authenticator.CheckHeaders(headers));
        Assert.Null(authenticator.CheckBody(headers, Body, out var reservation));
        reservation!.Commit();
        reservation.Dispose();
        Assert.Equal(IntakeOutcome.Unauthorized, authenticator.CheckBody(headers, Body, out var replay)?.Outcome);
        Assert.Null(replay);
    }

    [Fact]
    public void Signed_request_that_failed_may_be_sent_again_byte_for_byte()
    {
        var authenticator = Hmac();
        var headers = Signed(_time.GetUtcNow());

        Assert.Null(authenticator.CheckBody(headers, Body, out var failed));
        failed!.Dispose();

        Assert.Null(authenticator.CheckBody(headers, Body, out var retry));
        Assert.NotNull(retry);
    }

    [Fact]
    public void Identical_request_while_the_first_is_handled_is_told_to_retry()
    {
        var authenticator = Hmac();
        var headers = Signed(_time.GetUtcNow());
        Assert.Null(authenticator.CheckBody(headers, Body, out var first));

        var concurrent = authenticator.CheckBody(headers, Body, out var second);

        Assert.Equal(IntakeOutcome.Unavailable, concurrent?.Outcome);
        Assert.Null(second);
        first!.Dispose();
    }

    [Fact]
    public void Bearer_and_none_need_no_reservation()
    {
        Assert.Null(Bearer().CheckBody(BearerHeaders("top-secret"), Body, out var reservation));
        Assert.Null(reservation);
    }

    [Fact]
    public void Replay_is_accepted_again_only_once_the_timestamp_is_stale_and_then_the_timestamp_refuses_it()
    {
        var authenticator = Hmac();
        var headers = Signed(_time.GetUtcNow());
        Assert.Null(authenticator.CheckBody(headers, Body, out var reservation));
        reservation!.Commit();

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(IntakeOutcome.Unauthorized, authenticator.CheckHeaders(headers)?.Outcome);
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(301, false)]
    public void Timestamp_must_be_within_the_tolerance_either_way(int offsetSeconds, bool accepted)
    {
        var check = Hmac().CheckHeaders(Signed(_time.GetUtcNow().AddSeconds(offsetSeconds)));

        Assert.Equal(accepted, check is null);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public void Timestamp_that_is_not_unix_seconds_is_refused(string timestamp)
    {
        var headers = Signed(_time.GetUtcNow());
        headers[IntakeAuthenticator.TimestampHeader] = timestamp;

        Assert.Equal(IntakeOutcome.Unauthorized, Hmac().CheckHeaders(headers)?.Outcome);
    }

    [Fact]
    public void Signature_over_another_body_is_refused()
    {
        var check = Hmac().CheckBody(Signed(_time.GetUtcNow()), Encoding.UTF8.GetBytes("{\"pipelineRun\":{\"x\":1}}"), out _);

        Assert.Equal(IntakeOutcome.Unauthorized, check?.Outcome);
    }

    [Fact]
    public void Rewritten_secret_file_is_used_for_the_next_request()
    {
        var authenticator = Bearer();
        File.WriteAllText(_secretFile, "rotated");
        File.SetLastWriteTimeUtc(_secretFile, DateTime.UtcNow.AddMinutes(1));

        Assert.Equal(IntakeOutcome.Unauthorized, authenticator.CheckHeaders(BearerHeaders("top-secret"))?.Outcome);
        Assert.Null(authenticator.CheckHeaders(BearerHeaders("rotated")));
    }

    [Fact]
    public void Deleted_secret_file_keeps_the_last_good_secret()
    {
        var authenticator = Bearer();
        Assert.Null(authenticator.CheckHeaders(BearerHeaders("top-secret")));

        File.Delete(_secretFile);

        Assert.Null(authenticator.CheckHeaders(BearerHeaders("top-secret")));
    }

    [Fact]
    public void Secret_never_readable_makes_the_node_unavailable_rather_than_refusing()
    {
        File.Delete(_secretFile);

        Assert.Equal(IntakeOutcome.Unavailable, Bearer().CheckHeaders(BearerHeaders("top-secret"))?.Outcome);
    }

    private IntakeAuthenticator Hmac() => Create(AuthTypes.HmacSha256);

    private IntakeAuthenticator Bearer() => Create(AuthTypes.Bearer);

    private IntakeAuthenticator Create(string type)
    {
        var options = Options.Create(new IntakeOptions
        {
            Auth = new IntakeAuthOptions { Type = type, SecretFile = _secretFile, TimestampTolerance = new Duration(TimeSpan.FromMinutes(5)) },
        });
        return new IntakeAuthenticator(options, new SecretFile(options, NullLogger<SecretFile>.Instance), new ReplayGuard(_time), _time);
    }

    private static HeaderDictionary Signed(DateTimeOffset at)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Encoding.ASCII.GetString(IntakeAuthenticator.Sign(Encoding.UTF8.GetBytes("top-secret"), timestamp, Body));
        return new HeaderDictionary
        {
            [IntakeAuthenticator.TimestampHeader] = timestamp,
            [IntakeAuthenticator.SignatureHeader] = "sha256=" + signature,
        };
    }

    private static HeaderDictionary BearerHeaders(string secret) => new() { ["Authorization"] = "Bearer " + secret };
}
