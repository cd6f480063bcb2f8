using Relay.Events;
using Relay.Runs;

namespace Relay.Receiver.RunView;

/// <summary>
/// Links from a ledger row to what its delivery created at the provider, where Relay knows enough to build one: GitHub
/// (github.com and Enterprise Server) from the configured instance's <c>base_url</c> or the run's own API root. A row of
/// another provider, or one with nothing created yet, has no link.
/// </summary>
internal sealed class ProviderLinks(IConfiguration configuration)
{
    private const string GitHubApi = "https://api.github.com";

    /// <summary>The link for <paramref name="row"/> of a run reporting to <paramref name="scm"/>, or null.</summary>
    public string? For(ScmTarget? scm, LedgerSnapshot row)
    {
        if (scm is null || row.Delivery != "delivered" || row.Provider is not (null or "github") || WebRoot(scm) is not { } web)
        {
            return null;
        }

        var repository = web + "/" + Uri.EscapeDataString(scm.Owner) + "/" + Uri.EscapeDataString(scm.Repository);
        var context = row.Context;
        var id = row.ResourceId;
        if (context.StartsWith("check:", StringComparison.Ordinal))
        {
            return id is { } check ? $"{repository}/runs/{check}" : null;
        }

        if (context.StartsWith("labels:#", StringComparison.Ordinal))
        {
            return $"{repository}/issues/{Uri.EscapeDataString(context["labels:#".Length..])}";
        }

        if (context.StartsWith('#'))
        {
            return id is { } comment ? $"{repository}/issues/{Uri.EscapeDataString(context[1..])}#issuecomment-{comment}" : null;
        }

        if (context.StartsWith("commit:", StringComparison.Ordinal))
        {
            return id is { } note ? $"{repository}/commit/{Uri.EscapeDataString(context["commit:".Length..])}#commitcomment-{note}" : null;
        }

        if (context.StartsWith("deployment:", StringComparison.Ordinal))
        {
            return $"{repository}/deployments";
        }

        // A commit status: GitHub shows it on the commit.
        return $"{repository}/commit/{Uri.EscapeDataString(row.Commit ?? scm.CommitSha)}";
    }

    /// <summary>The web root of the GitHub instance the run reports to: <c>api.github.com</c> → <c>github.com</c>, <c>/api/v3</c> or <c>/api</c> dropped.</summary>
    private string? WebRoot(ScmTarget scm)
    {
        var api = scm.ApiBaseUrl ?? InstanceBaseUrl(scm.Provider);
        if (api is null || !Uri.TryCreate(api, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return null;
        }

        if (uri.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase))
        {
            return $"{uri.Scheme}://{uri.Authority[4..]}";
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        foreach (var suffix in new[] { "/api/v3", "/api" })
        {
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                path = path[..^suffix.Length];
                break;
            }
        }

        return $"{uri.Scheme}://{uri.Authority}{path}";
    }

    /// <summary>The <c>base_url</c> of the configured GitHub instance the provider names (the first for plain <c>github</c>).</summary>
    private string? InstanceBaseUrl(string provider)
    {
        var instances = configuration.GetSection("scm:github").GetChildren().ToArray();
        var instance = instances.FirstOrDefault(i => string.Equals(i["name"], provider, StringComparison.Ordinal))
            ?? (provider == "github" ? instances.FirstOrDefault() : null);
        if (instance is null)
        {
            return provider == "github" ? GitHubApi : null;
        }

        return instance["base_url"] is { Length: > 0 } baseUrl ? baseUrl : GitHubApi;
    }
}
