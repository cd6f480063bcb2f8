using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Relay.Testing;

/// <summary>One <c>POST app/installations/{id}/access_tokens</c> the fake received, and what it answered.</summary>
public sealed record RecordedTokenRequest(long InstallationId, string? Authorization, int Status, string? IssuedToken, DateTimeOffset At);

/// <summary>GitHub Apps: installation access tokens for a JWT signed with the App's key.</summary>
public sealed partial class FakeGitHubServer
{
    private readonly ConcurrentDictionary<long, FakeGitHubApp> _apps = new();
    private readonly ConcurrentQueue<RecordedTokenRequest> _tokenRequests = new();
    private int _tokenCounter;

    /// <summary>Every installation token request, in arrival order, including refused ones.</summary>
    public IReadOnlyList<RecordedTokenRequest> TokenRequests => _tokenRequests.ToArray();

    /// <summary>The installation tokens issued so far (<c>ghs_&lt;n&gt;</c>), in order.</summary>
    public IReadOnlyList<string> IssuedTokens => _tokenRequests.Where(r => r.IssuedToken is not null).Select(r => r.IssuedToken!).ToArray();

    /// <summary>Registers an App with one installation and a fresh key pair; tokens live <paramref name="tokenLifetime"/> (default 1 h).</summary>
    public FakeGitHubApp AddApp(long appId, long installationId, TimeSpan? tokenLifetime = null)
    {
        var app = new FakeGitHubApp(appId, installationId, tokenLifetime ?? TimeSpan.FromHours(1));
        _apps[installationId] = app;
        return app;
    }

    private async Task<bool> HandleAppsAsync(HttpContext context, string body)
    {
        _ = body;
        var match = AccessTokensPath().Match(context.Request.Path.Value ?? "");
        if (!match.Success || context.Request.Method != "POST")
        {
            return false;
        }

        var installationId = long.Parse(match.Groups["id"].Value, CultureInfo.InvariantCulture);
        var authorization = context.Request.Headers.Authorization.ToString();
        context.Response.ContentType = "application/json";
        if (!_apps.TryGetValue(installationId, out var app))
        {
            _tokenRequests.Enqueue(new RecordedTokenRequest(installationId, authorization, 404, null, DateTimeOffset.UtcNow));
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("{\"message\":\"Not Found\"}");
            return true;
        }

        if (!ValidJwt(authorization, app))
        {
            _tokenRequests.Enqueue(new RecordedTokenRequest(installationId, authorization, 401, null, DateTimeOffset.UtcNow));
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync("{\"message\":\"A JSON web token could not be decoded\"}");
            return true;
        }

        var token = $"ghs_{Interlocked.Increment(ref _tokenCounter)}";
        var expiresAt = DateTimeOffset.UtcNow + app.TokenLifetime;
        _tokenRequests.Enqueue(new RecordedTokenRequest(installationId, authorization, 201, token, DateTimeOffset.UtcNow));
        context.Response.StatusCode = 201;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            token,
            expires_at = expiresAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            permissions = new { statuses = "write" },
            repository_selection = "all",
        }));
        return true;
    }

    /// <summary><c>Bearer &lt;jwt&gt;</c>: RS256 signed by the App's key, <c>iss</c> = app id, <c>exp</c> in the future.</summary>
    private static bool ValidJwt(string authorization, FakeGitHubApp app)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            if (!app.Verifies(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2])))
            {
                return false;
            }

            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return header.RootElement.GetProperty("alg").GetString() == "RS256"
                && payload.RootElement.GetProperty("iss").GetString() == app.AppId.ToString(CultureInfo.InvariantCulture)
                && DateTimeOffset.FromUnixTimeSeconds(payload.RootElement.GetProperty("exp").GetInt64()) > DateTimeOffset.UtcNow;
        }
        catch (Exception exception) when (exception is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex("/app/installations/(?<id>[0-9]+)/access_tokens$")]
    private static partial Regex AccessTokensPath();
}
