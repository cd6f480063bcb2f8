using System.Security.Cryptography;
using System.Text;

namespace Relay.Grains.Actions.GitHub.Auth;

/// <summary>
/// The credential to use for one call of an instance (SPEC §5): the personal access token in <c>auth.token_file</c>,
/// or an installation token of the GitHub App in <c>auth.app_id</c>/<c>installation_id</c>/<c>private_key_file</c>.
/// Files are re-read when they change; installation tokens are cached and refreshed before they expire.
/// </summary>
internal sealed class GitHubCredentials(SecretFileReader files, GitHubAppInstallationTokens apps)
{
    /// <summary>
    /// The token and its non-secret identity. Throws <see cref="GitHubCredentialException"/> or <see cref="IOException"/>
    /// when the configuration cannot yield one (permanent), or Octokit's exceptions when GitHub cannot issue one now.
    /// </summary>
    public async ValueTask<GitHubCredential> GetAsync(GitHubInstanceOptions instance, string baseUrl, CancellationToken cancellationToken)
    {
        var auth = instance.Auth;
        if (auth.IsApp)
        {
            var token = await apps.GetTokenAsync(instance, GitHubClientFactory.NormalizeBaseUrl(baseUrl), cancellationToken);
            return new GitHubCredential(token, $"app:{auth.AppId}/{auth.InstallationId}");
        }

        if (string.IsNullOrWhiteSpace(auth.TokenFile))
        {
            throw new GitHubCredentialException($"scm.github '{instance.Name}': no auth.token_file nor GitHub App configured");
        }

        var pat = files.GetToken(auth.TokenFile);
        return new GitHubCredential(pat, PatIdentity(pat));
    }

    /// <summary><c>pat:</c> and the first 12 hex digits of the token's SHA-256: tells tokens apart, reveals nothing usable.</summary>
    public static string PatIdentity(string token) =>
        "pat:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)))[..12];
}
