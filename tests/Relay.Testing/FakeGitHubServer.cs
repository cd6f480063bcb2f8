using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Relay.Testing;

/// <summary>One request the fake GitHub received.</summary>
public sealed record RecordedRequest(
    string Method, string Path, string? Authorization, string Owner, string Repository, string Sha,
    string? State, string? Context, string? Description, string? TargetUrl, string Body, DateTimeOffset At)
{
    /// <summary>True when the fake answered this request with an injected fault.</summary>
    public bool Failed { get; init; }
}

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers like GitHub's commit-status API, records every request and can
/// be told to fail (status codes, headers) for a while.
/// </summary>
public sealed partial class FakeGitHubServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<(int Status, IReadOnlyDictionary<string, string> Headers, string Body)> _faults = new();
    private WebApplication? _app;

    /// <summary>The API root to configure as <c>base_url</c> (ends with a slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request received, in arrival order, including the ones answered with a fault.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Successful commit statuses only.</summary>
    public IReadOnlyList<RecordedRequest> Statuses => _requests.Where(r => r.State is not null && !r.Failed).ToArray();

    public static async Task<FakeGitHubServer> StartAsync(string pathPrefix = "/")
    {
        var server = new FakeGitHubServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server._app = app;
        server.BaseUrl = address.TrimEnd('/') + "/" + pathPrefix.Trim('/') + (pathPrefix.Trim('/').Length > 0 ? "/" : "");
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (with optional headers).</summary>
    public void FailNext(int count, int status, IReadOnlyDictionary<string, string>? headers = null, string body = "{\"message\":\"injected fault\"}")
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue((status, headers ?? new Dictionary<string, string>(), body));
        }
    }

    /// <summary>Drops every fault not yet served: GitHub is healthy again.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Statuses posted for one commit, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> StatusesFor(string sha) => Statuses.Where(r => r.Sha == sha).ToArray();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (await HandleAppsAsync(context, body))
        {
            return;
        }

        var match = StatusPath().Match(context.Request.Path.Value ?? "");
        if (!match.Success || context.Request.Method != "POST")
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("{\"message\":\"Not Found\"}");
            return;
        }

        string? state = null, statusContext = null, description = null, targetUrl = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            state = Text(json.RootElement, "state");
            statusContext = Text(json.RootElement, "context");
            description = Text(json.RootElement, "description");
            targetUrl = Text(json.RootElement, "target_url");
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var failed = _faults.TryDequeue(out var fault);
        _requests.Enqueue(new RecordedRequest(
            context.Request.Method, context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(),
            match.Groups["owner"].Value, match.Groups["repo"].Value, match.Groups["sha"].Value,
            state, statusContext, description, targetUrl, body, DateTimeOffset.UtcNow) { Failed = failed });

        context.Response.Headers["x-ratelimit-limit"] = "5000";
        context.Response.Headers["x-ratelimit-remaining"] = "4999";
        context.Response.Headers["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        if (failed)
        {
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            context.Response.StatusCode = fault.Status;
            await context.Response.WriteAsync(fault.Body);
            return;
        }

        context.Response.StatusCode = 201;
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = _requests.Count,
            state,
            context = statusContext,
            description,
            target_url = targetUrl,
            url = $"{BaseUrl}repos/{match.Groups["owner"].Value}/{match.Groups["repo"].Value}/statuses/{match.Groups["sha"].Value}",
            created_at = DateTimeOffset.UtcNow,
            updated_at = DateTimeOffset.UtcNow,
        }));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    [GeneratedRegex("/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/statuses/(?<sha>[^/]+)$")]
    private static partial Regex StatusPath();
}
