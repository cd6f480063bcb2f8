namespace Relay.Grains.Actions.GitHub.Auth;

/// <summary>
/// The configured credentials cannot be used (missing or malformed key, GitHub refused the App): a permanent failure
/// until an operator fixes the files or the App. The message names the setting and never contains a secret.
/// </summary>
public sealed class GitHubCredentialException : Exception
{
    public GitHubCredentialException()
    {
    }

    public GitHubCredentialException(string message)
        : base(message)
    {
    }

    public GitHubCredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
