using System.Security.Cryptography;
using System.Text;

namespace Relay.Receiver.Auth;

/// <summary>The <c>Authorization: Bearer &lt;secret&gt;</c> check shared by intake, the API and the dashboard.</summary>
internal static class BearerSecret
{
    private const string Scheme = "Bearer ";

    /// <summary>True when the header carries <paramref name="secret"/>; null when there is no secret to compare with.</summary>
    public static bool? Matches(IHeaderDictionary headers, byte[]? secret)
    {
        if (secret is null)
        {
            return null;
        }

        var values = headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var given = Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim());
        // FixedTimeEquals returns at once on a length mismatch; hashing first hides the secret's length too.
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(given), SHA256.HashData(secret));
    }
}
