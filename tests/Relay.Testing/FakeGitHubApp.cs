using System.Security.Cryptography;

namespace Relay.Testing;

/// <summary>
/// A GitHub App known to <see cref="FakeGitHubServer"/>: its id, one installation, and an RSA key pair whose private
/// half a test writes to Relay's <c>private_key_file</c>.
/// </summary>
public sealed class FakeGitHubApp : IDisposable
{
    private RSA _key = RSA.Create(2048);

    internal FakeGitHubApp(long appId, long installationId, TimeSpan tokenLifetime)
    {
        AppId = appId;
        InstallationId = installationId;
        TokenLifetime = tokenLifetime;
    }

    public long AppId { get; }

    public long InstallationId { get; }

    /// <summary>How long the installation tokens issued from now on are valid (GitHub: one hour).</summary>
    public TimeSpan TokenLifetime { get; set; }

    /// <summary>The private key, PKCS#8 PEM, as GitHub lets an App owner download it.</summary>
    public string PrivateKeyPem => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The App gets a new key pair: JWTs signed with the old one are refused from now on.</summary>
    public void RotateKey()
    {
        var old = _key;
        _key = RSA.Create(2048);
        old.Dispose();
    }

    internal bool Verifies(byte[] data, byte[] signature) =>
        _key.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public void Dispose() => _key.Dispose();
}
