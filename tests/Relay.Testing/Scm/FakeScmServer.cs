using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Relay.Testing.Scm;

/// <summary>
/// What every in-process fake SCM server shares (GitLab, Gitea, …): a real Kestrel on loopback, an API root below
/// an optional path prefix, the auth check, a record of every request, injected faults, and the statuses and comments
/// it holds. A provider's fake maps its routes in <see cref="Answer"/>.
/// </summary>
public abstract class FakeScmServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ScmRecordedRequest> _requests = new();
    private readonly List<Fault> _faults = [];
    private readonly List<(TimeSpan Delay, string RouteContains)> _delays = [];
    private int _abandoned;
    private WebApplication? _app;
    private string _apiRoot = "/";

    /// <summary>Guards <see cref="StatusList"/>, <see cref="CommentMap"/> and the ids.</summary>
    protected Lock Gate { get; } = new();

    protected List<FakeScmStatus> StatusList { get; } = [];

    protected Dictionary<long, FakeScmComment> CommentMap { get; } = [];

    private long _nextId = 1000;

    protected FakeScmServer(string token) => Token = token;

    /// <summary>The token the server accepts.</summary>
    public string Token { get; }

    /// <summary>What to configure as <c>base_url</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request received, in arrival order, including faulted ones.</summary>
    public IReadOnlyList<ScmRecordedRequest> Requests => _requests.ToArray();

    /// <summary>Statuses accepted, in arrival order.</summary>
    public IReadOnlyList<FakeScmStatus> Statuses { get { lock (Gate) { return StatusList.ToArray(); } } }

    /// <summary>Comments that exist now.</summary>
    public IReadOnlyList<FakeScmComment> Comments { get { lock (Gate) { return CommentMap.Values.ToArray(); } } }

    /// <summary>The statuses of one commit, in arrival order.</summary>
    public IReadOnlyList<FakeScmStatus> StatusesFor(string sha) => Statuses.Where(s => s.Sha == sha).ToArray();

    /// <summary>The routes of every request answered without a fault, in order.</summary>
    public IReadOnlyList<string> Routes(Func<ScmRecordedRequest, bool>? where = null) =>
        _requests.Where(r => !r.Failed && (where?.Invoke(r) ?? true)).Select(r => r.Route).ToArray();

    /// <summary>The next <paramref name="count"/> requests whose route contains <paramref name="routeContains"/> (any, when null) get <paramref name="status"/>.</summary>
    public void FailNext(int count, int status, IReadOnlyDictionary<string, string>? headers = null, string body = "{\"message\":\"injected fault\"}", string? routeContains = null)
    {
        lock (_faults)
        {
            for (var i = 0; i < count; i++)
            {
                _faults.Add(new Fault(status, headers ?? new Dictionary<string, string>(), body, routeContains));
            }
        }
    }

    /// <summary>
    /// The next request whose route contains <paramref name="routeContains"/> is carried out, but its answer held for
    /// <paramref name="delay"/>: a client that gives up first never learns that it acted (an unclear create).
    /// </summary>
    public void DelayAnswerOfNext(TimeSpan delay, string routeContains)
    {
        lock (_faults)
        {
            _delays.Add((delay, routeContains));
        }
    }

    /// <summary>Answers held by <see cref="DelayAnswerOfNext"/> whose client gave up waiting.</summary>
    public int AbandonedAnswers => _abandoned;

    /// <summary>Drops every fault not yet served.</summary>
    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    /// <summary>Deletes a comment, as a user might.</summary>
    public void DeleteComment(long id)
    {
        lock (Gate)
        {
            CommentMap.Remove(id);
        }
    }

    /// <summary>Adds a comment written by someone (or an earlier life of Relay).</summary>
    public FakeScmComment SeedComment(string repository, long number, string body)
    {
        lock (Gate)
        {
            return NewComment(repository, number, body);
        }
    }

    /// <summary>Starts <paramref name="server"/> on a free loopback port; its API is served below <paramref name="pathPrefix"/> + <paramref name="apiPath"/>.</summary>
    protected static async Task<T> StartAsync<T>(T server, string pathPrefix, string apiPath)
        where T : FakeScmServer
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        var prefix = pathPrefix.Trim('/');
        server._app = app;
        server.BaseUrl = prefix.Length > 0 ? $"{address}/{prefix}" : address;
        server._apiRoot = (prefix.Length > 0 ? $"/{prefix}/" : "/") + apiPath.Trim('/') + "/";
        return server;
    }

    /// <summary>The auth header's value as the provider sends it (for the record); null when absent.</summary>
    protected abstract string? AuthOf(HttpRequest request);

    /// <summary>Whether the request carries <see cref="Token"/> the provider's way.</summary>
    protected abstract bool IsAuthorized(HttpRequest request);

    /// <summary>
    /// The answer to one request: <paramref name="segments"/> are the decoded path segments below the API root (a
    /// GitLab project id <c>acme%2Fwebapp</c> is one segment <c>acme/webapp</c>). Called under no lock.
    /// </summary>
    protected abstract (int Status, string Body) Answer(HttpContext context, string[] segments, string body);

    /// <summary>The JSON an unauthorised request gets.</summary>
    protected virtual string UnauthorizedBody => "{\"message\":\"401 Unauthorized\"}";

    protected FakeScmComment NewComment(string repository, long number, string body, long? parentId = null)
    {
        var comment = new FakeScmComment(++_nextId, repository, number) { ParentId = parentId };
        comment.Bodies.Add(body);
        CommentMap[comment.Id] = comment;
        return comment;
    }

    protected long NextId() => ++_nextId;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var q = raw.IndexOf('?', StringComparison.Ordinal);
        var query = q >= 0 ? raw[q..] : "";
        var rawPath = q >= 0 ? raw[..q] : raw;
        var below = rawPath.StartsWith(_apiRoot, StringComparison.Ordinal) ? rawPath[_apiRoot.Length..] : null;
        var segments = below?.Split('/').Select(Uri.UnescapeDataString).ToArray() ?? [];
        var route = $"{context.Request.Method} /{string.Join('/', segments)}";
        var recorded = new ScmRecordedRequest(context.Request.Method, below ?? rawPath, route, query, AuthOf(context.Request), body, DateTimeOffset.UtcNow);

        if (TakeFault(route) is { } fault)
        {
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            _requests.Enqueue(recorded with { Failed = true, StatusCode = fault.Status });
            await RespondAsync(context, fault.Status, fault.Body);
            return;
        }

        var (status, answer) = below is null ? (404, "{\"message\":\"404 Not Found\"}")
            : !IsAuthorized(context.Request) ? (401, UnauthorizedBody)
            : Answer(context, segments, body);
        _requests.Enqueue(recorded with { StatusCode = status });
        if (TakeDelay(route) is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _abandoned);
                return;
            }
        }

        await RespondAsync(context, status, answer);
    }

    private Fault? TakeFault(string route)
    {
        // Faults are served in order; one aimed at other routes waits for its own.
        lock (_faults)
        {
            var match = _faults.FindIndex(f => f.RouteContains is null || route.Contains(f.RouteContains, StringComparison.Ordinal));
            if (match < 0)
            {
                return null;
            }

            var fault = _faults[match];
            _faults.RemoveAt(match);
            return fault;
        }
    }

    private TimeSpan? TakeDelay(string route)
    {
        lock (_faults)
        {
            var match = _delays.FindIndex(d => route.Contains(d.RouteContains, StringComparison.Ordinal));
            if (match < 0)
            {
                return null;
            }

            var delay = _delays[match].Delay;
            _delays.RemoveAt(match);
            return delay;
        }
    }

    private static async Task RespondAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private sealed record Fault(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string? RouteContains);
}
