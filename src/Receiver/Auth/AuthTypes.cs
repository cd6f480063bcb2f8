namespace Relay.Receiver.Auth;

/// <summary>The values of <c>server.auth.type</c>.</summary>
public static class AuthTypes
{
    public const string None = "none";
    public const string Bearer = "bearer";
    public const string HmacSha256 = "hmac-sha256";

    public static readonly IReadOnlyList<string> All = [None, Bearer, HmacSha256];
}
