using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Relay.Receiver.Intake;

namespace Relay.Receiver.Auth;

/// <summary>
/// Checks an intake request against <c>server.auth</c> (SPEC §1): <c>bearer</c> compares the
/// <c>Authorization: Bearer</c> secret in constant time; <c>hmac-sha256</c> checks <c>X-Webhook-Timestamp</c> against
/// the clock, then <c>X-Hub-Signature-256</c> = <c>sha256=hex(HMAC-SHA256(secret, "timestamp.body"))</c>, then replays:
/// a signature counts as used only once its request was answered with a success (<see cref="ReplayGuard"/>).
/// </summary>
internal sealed class IntakeAuthenticator(IOptions<IntakeOptions> options, SecretFile secret, ReplayGuard replays, TimeProvider time)
{
    public const string SignatureHeader = "X-Hub-Signature-256";
    public const string TimestampHeader = "X-Webhook-Timestamp";
    private const string SignaturePrefix = "sha256=";

    private readonly IntakeAuthOptions _options = options.Value.Auth;

    /// <summary>What can be checked before the body is read: null when the request may go on.</summary>
    public AuthCheck? CheckHeaders(IHeaderDictionary headers)
    {
        switch (_options.Type)
        {
            case AuthTypes.Bearer:
                return BearerSecret.Matches(headers, secret.Current()) switch
                {
                    true => null,
                    false => AuthCheck.Refused("missing or wrong bearer secret"),
                    null => AuthCheck.Unavailable,
                };
            case AuthTypes.HmacSha256:
                if (secret.Current() is null)
                {
                    return AuthCheck.Unavailable;
                }

                if (!TryReadTimestamp(headers, out var timestamp, out var problem))
                {
                    return AuthCheck.Refused(problem);
                }

                var skew = (time.GetUtcNow() - timestamp).Duration();
                return skew > _options.TimestampTolerance.Value
                    ? AuthCheck.Refused($"{TimestampHeader} is {Math.Round(skew.TotalSeconds)}s away from this node's clock (tolerance {_options.TimestampTolerance.Value.TotalSeconds}s)")
                    : null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The body check (<c>hmac-sha256</c> only): signature, then replay. Null when the request is authentic; then
    /// <paramref name="reservation"/> holds its signature (hmac only) until the caller commits it on a successful answer
    /// or disposes it (the signature stays usable, so the sender's retry of a failed request is taken).
    /// </summary>
    public AuthCheck? CheckBody(IHeaderDictionary headers, ReadOnlySpan<byte> body, out SignatureReservation? reservation)
    {
        reservation = null;
        if (_options.Type != AuthTypes.HmacSha256)
        {
            return null;
        }

        var key = secret.Current();
        if (key is null)
        {
            return AuthCheck.Unavailable;
        }

        if (!TryReadTimestamp(headers, out var timestamp, out var problem))
        {
            return AuthCheck.Refused(problem);
        }

        var given = headers[SignatureHeader];
        if (given.Count != 1 || given[0] is not { } signature || !signature.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            return AuthCheck.Refused($"{SignatureHeader}: expected one 'sha256=<hex>' value");
        }

        var expected = Sign(key, headers[TimestampHeader][0]!, body);
        var actual = Encoding.ASCII.GetBytes(signature[SignaturePrefix.Length..]);
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return AuthCheck.Refused($"{SignatureHeader} does not match the body");
        }

        return replays.TryReserve(signature, timestamp + _options.TimestampTolerance.Value, out reservation) switch
        {
            ReplayCheck.Reserved => null,
            ReplayCheck.InFlight => AuthCheck.InFlight,
            _ => AuthCheck.Refused("replayed request: this signature was already accepted"),
        };
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c>, as ASCII bytes.</summary>
    public static byte[] Sign(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(key, message)));
    }

    private static bool TryReadTimestamp(IHeaderDictionary headers, out DateTimeOffset timestamp, out string problem)
    {
        timestamp = default;
        problem = $"{TimestampHeader}: expected one value in unix seconds";
        var values = headers[TimestampHeader];
        if (values.Count != 1 || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}

/// <summary>Why a request was not let through: refused (401) or the secret is unavailable on this node (503).</summary>
internal sealed record AuthCheck(IntakeOutcome Outcome, string Reason)
{
    public static readonly AuthCheck Unavailable = new(IntakeOutcome.Unavailable, "the auth secret cannot be read on this node");

    /// <summary>The same signed request is being handled now: it may still fail, so this copy is told to retry (503).</summary>
    public static readonly AuthCheck InFlight = new(IntakeOutcome.Unavailable, "a request with this signature is being handled now; retry");

    public static AuthCheck Refused(string reason) => new(IntakeOutcome.Unauthorized, reason);
}
