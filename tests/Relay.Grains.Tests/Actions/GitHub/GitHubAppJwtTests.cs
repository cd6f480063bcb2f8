using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Relay.Grains.Actions.GitHub.Auth;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

public sealed class GitHubAppJwtTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Jwt_is_RS256_signed_by_the_app_key_with_iss_iat_and_exp()
    {
        using var key = RSA.Create(2048);
        var time = new FakeTimeProvider(Now);

        var jwt = GitHubAppJwt.Create(424242, key.ExportPkcs8PrivateKeyPem(), time.GetUtcNow());

        var parts = jwt.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        Assert.Equal("RS256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        Assert.Equal("424242", payload.RootElement.GetProperty("iss").GetString());
        Assert.Equal(Now.AddSeconds(-60).ToUnixTimeSeconds(), payload.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(Now.AddMinutes(9).ToUnixTimeSeconds(), payload.RootElement.GetProperty("exp").GetInt64());
    }

    [Fact]
    public void Pkcs1_pem_keys_are_accepted()
    {
        using var key = RSA.Create(2048);

        var jwt = GitHubAppJwt.Create(1, key.ExportRSAPrivateKeyPem(), Now);

        Assert.Equal(3, jwt.Split('.').Length);
    }

    [Theory]
    [InlineData("not a key")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")]
    public void Unusable_key_is_a_credential_error(string pem)
    {
        var error = Assert.Throws<GitHubCredentialException>(() => GitHubAppJwt.Create(1, pem, Now));

        Assert.Contains("RSA private key in PEM format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Public_key_alone_cannot_sign()
    {
        using var key = RSA.Create(2048);

        Assert.Throws<GitHubCredentialException>(() => GitHubAppJwt.Create(1, key.ExportSubjectPublicKeyInfoPem(), Now));
    }
}
