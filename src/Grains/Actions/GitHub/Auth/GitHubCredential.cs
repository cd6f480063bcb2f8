namespace Relay.Grains.Actions.GitHub.Auth;

/// <summary>
/// A token to send to GitHub, with a stable identity that names the credential without revealing it
/// (<c>pat:&lt;12 hex of SHA-256&gt;</c> or <c>app:&lt;app_id&gt;/&lt;installation_id&gt;</c>): the rate-limit key.
/// </summary>
internal sealed record GitHubCredential(string Token, string Identity)
{
    /// <summary>The identity only: a credential must never reach a log through string formatting.</summary>
    public override string ToString() => Identity;
}
