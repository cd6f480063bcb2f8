using System.Collections.Concurrent;
using Microsoft.Extensions.Http.Resilience;
using Octokit;
using Octokit.Internal;
using Relay.Grains.Actions.GitHub.Resilience;

namespace Relay.Grains.Actions.GitHub;

/// <summary>
/// Builds Octokit clients that use the configured API root exactly. <c>new GitHubClient(header, uri)</c> would
/// rewrite any non-github.com host to <c>/api/v3/</c>, so the connection is built by hand (TEKTON.md §5).
/// Every request observes the delivery's deadline (<see cref="GitHubCallDeadline"/>), then goes through the instance's resilience pipeline (<see cref="GitHubResiliencePipelines"/>), then one
/// shared connection pool. Clients are cached per (instance, API root); a new token or new settings replace the client.
/// </summary>
internal sealed class GitHubClientFactory(GitHubResiliencePipelines pipelines, GitHubCallDeadline deadline) : IDisposable
{
    private static readonly ProductHeaderValue ProductHeader = new("tekton-relay", "1.0");
    private readonly ConcurrentDictionary<(string Instance, string BaseUrl), CachedClient> _clients = new();
    private readonly ConcurrentDictionary<string, (Polly.ResiliencePipeline<HttpResponseMessage> Pipeline, HttpClient Client)> _http =
        new(StringComparer.OrdinalIgnoreCase);
    private readonly HttpMessageHandler _handler = new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>
    /// Budget of one Octokit call, retries and their waits included: below the 30 s grain response timeout, so the
    /// action grain always answers its caller itself.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>A client for <paramref name="instance"/> at <paramref name="baseUrl"/>, sending <c>Authorization: token …</c>.</summary>
    public IGitHubClient Create(GitHubInstanceOptions instance, string baseUrl, string token)
    {
        var key = (instance.Name, NormalizeBaseUrl(baseUrl));
        var pipeline = pipelines.For(instance);
        if (_clients.TryGetValue(key, out var cached) && cached.Token == token && ReferenceEquals(cached.Pipeline, pipeline))
        {
            return cached.Client;
        }

        // Racing callers may each build one; the last one stays cached, the others serve their single call.
        var client = Build(key.Item2, new Credentials(token), pipeline);
        _clients[key] = new CachedClient(token, pipeline, client);
        return client;
    }

    /// <summary>
    /// A pooled <see cref="HttpClient"/> for the lean commit-status path (<see cref="GitHubStatusClient"/>): the same
    /// handlers as <see cref="Create"/>'s clients (deadline, the instance's pipeline, the shared pool). The token and API
    /// root go with each request, so one client per instance serves every run.
    /// </summary>
    public HttpClient Http(GitHubInstanceOptions instance)
    {
        var pipeline = pipelines.For(instance);
        if (_http.TryGetValue(instance.Name, out var cached) && ReferenceEquals(cached.Pipeline, pipeline))
        {
            return cached.Client;
        }

        var client = new HttpClient(deadline.Handler(new ResilienceHandler(pipeline) { InnerHandler = new NonDisposingHandler(_handler) }))
        {
            Timeout = RequestTimeout,
        };
        _http[instance.Name] = (pipeline, client);
        return client;
    }

    /// <summary>
    /// An uncached client that authenticates as the GitHub App itself (<c>Authorization: Bearer &lt;jwt&gt;</c>), to ask
    /// for installation tokens. Same pipeline as the instance's other calls.
    /// </summary>
    public IGitHubClient CreateForApp(GitHubInstanceOptions instance, string baseUrl, string jwt) =>
        Build(NormalizeBaseUrl(baseUrl), new Credentials(jwt, AuthenticationType.Bearer), pipelines.For(instance));

    /// <summary>Octokit's endpoints are relative (<c>repos/…</c>): the root must end with a slash to keep its path.</summary>
    public static string NormalizeBaseUrl(string baseUrl) => baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/";

    public void Dispose()
    {
        foreach (var (_, client) in _http.Values)
        {
            client.Dispose();
        }

        _handler.Dispose();
    }

    private GitHubClient Build(string baseUrl, Credentials credentials, Polly.ResiliencePipeline<HttpResponseMessage> pipeline)
    {
        var connection = new Connection(
            ProductHeader,
            new Uri(baseUrl, UriKind.Absolute),
            new InMemoryCredentialStore(credentials),
            // Outermost: the delivery's deadline cancels the whole pipeline (attempts and the waits between them).
            new HttpClientAdapter(() => deadline.Handler(new ResilienceHandler(pipeline) { InnerHandler = new NonDisposingHandler(_handler) })),
            new SimpleJsonSerializer());
        connection.SetRequestTimeout(RequestTimeout);
        return new GitHubClient(connection);
    }

    private sealed record CachedClient(string Token, Polly.ResiliencePipeline<HttpResponseMessage> Pipeline, IGitHubClient Client)
    {
        // Never print the token.
        public override string ToString() => nameof(CachedClient);
    }

    /// <summary>Lets many Octokit adapters share one connection pool without one of them disposing it.</summary>
    private sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        // The shared handler belongs to the factory: never pass disposing=true down to it.
        protected override void Dispose(bool disposing) => base.Dispose(false);
    }
}
