using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Octokit;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.GitHub.Auth;

/// <summary>
/// Installation access tokens of GitHub Apps, cached per silo per (API root, app, installation) and fetched again
/// <see cref="RefreshBefore"/> their <c>expires_at</c>. Callers that find the token due share one request.
/// </summary>
internal sealed partial class GitHubAppInstallationTokens(
    SecretFileReader files,
    GitHubClientFactory clients,
    TimeProvider time,
    ILogger<GitHubAppInstallationTokens> logger)
{
    /// <summary>Installation tokens live an hour; asking again 5 minutes early keeps every call on a valid one.</summary>
    public static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<(string BaseUrl, long AppId, long InstallationId), Slot> _slots = new();

    /// <summary>A valid installation token for <paramref name="instance"/>'s App at <paramref name="baseUrl"/>.</summary>
    public async ValueTask<string> GetTokenAsync(GitHubInstanceOptions instance, string baseUrl, CancellationToken cancellationToken)
    {
        var auth = instance.Auth;
        if (auth.AppId is not { } appId || auth.InstallationId is not { } installationId || string.IsNullOrWhiteSpace(auth.PrivateKeyFile))
        {
            throw new GitHubCredentialException($"scm.github '{instance.Name}': auth.app_id, auth.installation_id and auth.private_key_file are all required");
        }

        var slot = _slots.GetOrAdd((baseUrl, appId, installationId), static _ => new Slot());
        Task<IssuedToken> refresh;
        lock (slot.Gate)
        {
            if (slot.Current is { } current && current.ExpiresAt - RefreshBefore > time.GetUtcNow())
            {
                return current.Token;
            }

            // One request per slot at a time; it must not be cancelled by the first caller that gives up.
            slot.Refresh ??= RefreshAsync(slot, instance, baseUrl, appId, installationId, auth.PrivateKeyFile);
            refresh = slot.Refresh;
        }

        return (await refresh.WaitAsync(cancellationToken)).Token;
    }

    private async Task<IssuedToken> RefreshAsync(Slot slot, GitHubInstanceOptions instance, string baseUrl, long appId, long installationId, string keyFile)
    {
        await Task.Yield();
        try
        {
            var token = await RequestAsync(instance, baseUrl, appId, installationId, keyFile);
            lock (slot.Gate)
            {
                slot.Current = token;
                slot.Refresh = null;
            }

            Log.TokenIssued(logger, appId, installationId, baseUrl, token.ExpiresAt);
            return token;
        }
        catch
        {
            lock (slot.Gate)
            {
                slot.Refresh = null;
            }

            throw;
        }
    }

    private async Task<IssuedToken> RequestAsync(GitHubInstanceOptions instance, string baseUrl, long appId, long installationId, string keyFile)
    {
        string jwt;
        try
        {
            jwt = GitHubAppJwt.Create(appId, files.GetToken(keyFile), time.GetUtcNow());
        }
        catch (IOException io)
        {
            throw new GitHubCredentialException($"scm.github '{instance.Name}' auth.private_key_file: {io.Message}", io);
        }
        catch (GitHubCredentialException bad)
        {
            throw new GitHubCredentialException($"scm.github '{instance.Name}' auth.private_key_file: '{keyFile}' {bad.Message}", bad);
        }

        try
        {
            var issued = await clients.CreateForApp(instance, baseUrl, jwt).GitHubApps.CreateInstallationToken(installationId);
            return new IssuedToken(issued.Token, issued.ExpiresAt);
        }
        catch (ApiException refused) when (refused.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound)
        {
            // A wrong key, app id or installation: no retry can fix that. (403s may be rate limits: the classifier decides.)
            throw new GitHubCredentialException(
                $"scm.github '{instance.Name}': GitHub refused an installation token for app {appId} installation {installationId} " +
                $"({(int)refused.StatusCode}: {refused.ApiError?.Message ?? refused.Message})", refused);
        }
    }

    private sealed record IssuedToken(string Token, DateTimeOffset ExpiresAt)
    {
        public override string ToString() => $"installation token expiring {ExpiresAt:O}";
    }

    private sealed class Slot
    {
        public readonly Lock Gate = new();
        public IssuedToken? Current;
        public Task<IssuedToken>? Refresh;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.GitHubAppTokenIssued, EventName = "GitHubAppTokenIssued", Level = LogLevel.Information,
            Message = "GitHub App {AppId} installation {InstallationId} at {BaseUrl}: new installation token, expires {ExpiresAt}")]
        public static partial void TokenIssued(ILogger logger, long appId, long installationId, string baseUrl, DateTimeOffset expiresAt);
    }
}
