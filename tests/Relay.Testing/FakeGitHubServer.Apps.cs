using Microsoft.AspNetCore.Http;

namespace Relay.Testing;

public sealed partial class FakeGitHubServer
{
    /// <summary>GitHub App endpoints (installation tokens); none are configured in this fake yet.</summary>
    private static Task<bool> HandleAppsAsync(HttpContext context, string body)
    {
        _ = (context, body);
        return Task.FromResult(false);
    }
}
