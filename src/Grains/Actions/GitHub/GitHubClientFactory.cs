using System.Collections.Concurrent;
using Octokit;
using Octokit.Internal;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Builds Octokit clients that use the configured API root exactly. <c>new GitHubClient(header, uri)</c> would
/// rewrite any non-github.com host to <c>/api/v3/</c>, so the connection is built by hand (TEKTON.md §5).
/// Clients are cached per (API root, token); a changed token file yields a new client.
/// </summary>
internal sealed class GitHubClientFactory : IDisposable
{
    private static readonly ProductHeaderValue ProductHeader = new("tekton-relay", "1.0");
    private readonly ConcurrentDictionary<(string BaseUrl, string Token), GitHubClient> _clients = new();
    private readonly HttpMessageHandler _handler = new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Per-call timeout of GitHub requests.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public IGitHubClient Create(string baseUrl, string token) =>
        _clients.GetOrAdd((NormalizeBaseUrl(baseUrl), token), key =>
        {
            var connection = new Connection(
                ProductHeader,
                new Uri(key.BaseUrl, UriKind.Absolute),
                new InMemoryCredentialStore(new Credentials(key.Token)),
                new HttpClientAdapter(() => new NonDisposingHandler(_handler)),
                new SimpleJsonSerializer());
            connection.SetRequestTimeout(RequestTimeout);
            return new GitHubClient(connection);
        });

    /// <summary>Octokit's endpoints are relative (<c>repos/…</c>): the root must end with a slash to keep its path.</summary>
    public static string NormalizeBaseUrl(string baseUrl) => baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";

    public void Dispose() => _handler.Dispose();

    /// <summary>Lets many Octokit adapters share one connection pool without one of them disposing it.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        // The shared handler belongs to the factory: never pass disposing=true down to it.
        protected override void Dispose(bool disposing) => base.Dispose(false);
    }
}
