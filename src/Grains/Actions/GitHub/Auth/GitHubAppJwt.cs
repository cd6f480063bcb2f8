using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Relay.Grains.Actions.GitHub.Auth;

/// <summary>
/// The JWT a GitHub App signs to authenticate as itself: RS256 over <c>{"alg":"RS256","typ":"JWT"}</c> and
/// <c>{iat: now-60s, exp: now+9min, iss: "&lt;app_id&gt;"}</c>. GitHub accepts at most 10 minutes; the minute back
/// covers clock drift between Relay and GitHub.
/// </summary>
internal static class GitHubAppJwt
{
    public static readonly TimeSpan Backdate = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(9);

    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"JWT"}""");

    /// <summary>Signs a JWT for <paramref name="appId"/>. Throws <see cref="GitHubCredentialException"/> when the key is unusable.</summary>
    public static string Create(long appId, string privateKeyPem, DateTimeOffset now)
    {
        using var rsa = LoadKey(privateKeyPem);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = (now - Backdate).ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["iss"] = appId.ToString(CultureInfo.InvariantCulture),
        });
        var signingInput = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(payload);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>Imports a PEM RSA private key (PKCS#1 or PKCS#8). Throws <see cref="GitHubCredentialException"/> otherwise.</summary>
    public static RSA LoadKey(string privateKeyPem)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(privateKeyPem);
            // A public key imports too, but cannot sign.
            _ = rsa.ExportParameters(includePrivateParameters: true);
            return rsa;
        }
        catch (Exception exception) when (exception is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new GitHubCredentialException("does not hold an RSA private key in PEM format", exception);
        }
    }
}
