using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Relay.Testing;

/// <summary>One request the fake Kubernetes API received.</summary>
public sealed record KubernetesRequest(string Method, string Path, string Query, string? Authorization, int StatusCode, DateTimeOffset At);

/// <summary>
/// A Kubernetes API server for <c>tekton.dev/v1</c> PipelineRuns and TaskRuns, as far as KubernetesClient's custom-object
/// calls go: list (with <c>limit</c>/<c>continue</c> paging and an equality <c>labelSelector</c>), watch (the current objects as
/// <c>ADDED</c> events, then the stream ends) and get (404 with a <c>Status</c> once deleted). Kestrel on 127.0.0.1:0;
/// every request is recorded. <see cref="WriteKubeconfig"/> points a client at it.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    public const string Token = "fake-kubernetes-token";

    private readonly ConcurrentQueue<KubernetesRequest> _requests = new();
    private readonly ConcurrentDictionary<(string Plural, string Namespace, string Name), JsonObject> _objects = new();
    private readonly ConcurrentQueue<int> _faults = new();
    private readonly List<string> _files = [];
    private long _resourceVersion = 1000;
    private WebApplication? _app;

    /// <summary>http://127.0.0.1:port</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request received, in arrival order.</summary>
    public IReadOnlyList<KubernetesRequest> Requests => _requests.ToArray();

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var api = new FakeKubernetesApi();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(api.HandleAsync);
        await app.StartAsync();
        api._app = app;
        api.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return api;
    }

    /// <summary>A kubeconfig file (deleted with the fake) whose current context is this server, with a bearer token.</summary>
    public string WriteKubeconfig()
    {
        var path = Path.Combine(Path.GetTempPath(), $"relay-kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {BaseUrl}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: fake
                namespace: default
            current-context: fake
            users:
            - name: fake
              user:
                token: {Token}
            """);
        lock (_files)
        {
            _files.Add(path);
        }

        return path;
    }

    /// <summary>Creates or replaces the PipelineRun or TaskRun a Tekton event describes (the API's view of it now).</summary>
    public void Put(TektonHttpEvent tektonEvent)
    {
        var data = JsonNode.Parse(tektonEvent.Data)!.AsObject();
        var (root, resource) = data.Single();
        var kind = root == "pipelineRun" ? "PipelineRun" : "TaskRun";
        var plural = root == "pipelineRun" ? "pipelineruns" : "taskruns";
        var body = resource!.DeepClone().AsObject();
        var copy = new JsonObject { ["apiVersion"] = "tekton.dev/v1", ["kind"] = kind };
        foreach (var (key, value) in body)
        {
            copy[key] = value?.DeepClone();
        }

        var metadata = copy["metadata"]!.AsObject();
        metadata["resourceVersion"] = Interlocked.Increment(ref _resourceVersion).ToString(CultureInfo.InvariantCulture);
        _objects[(plural, (string)metadata["namespace"]!, (string)metadata["name"]!)] = copy;
    }

    /// <summary>Deletes every object of that namespace and name (the PipelineRun, or a TaskRun) and the TaskRuns it owns.</summary>
    public void Delete(string @namespace, string pipelineRun)
    {
        foreach (var key in _objects.Keys.Where(k => k.Namespace == @namespace
                     && (k.Name == pipelineRun || (string?)_objects[k]["metadata"]?["labels"]?["tekton.dev/pipelineRun"] == pipelineRun)))
        {
            _objects.TryRemove(key, out _);
        }
    }

    /// <summary>The next <paramref name="count"/> requests are answered with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        lock (_files)
        {
            foreach (var file in _files)
            {
                File.Delete(file);
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var status = await AnswerAsync(context);
        _requests.Enqueue(new KubernetesRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.Authorization.FirstOrDefault(), status, DateTimeOffset.UtcNow));
    }

    private async Task<int> AnswerAsync(HttpContext context)
    {
        if (_faults.TryDequeue(out var fault))
        {
            return await WriteStatusAsync(context, fault, "InternalError", "injected fault");
        }

        if (context.Request.Headers.Authorization.FirstOrDefault() != $"Bearer {Token}")
        {
            return await WriteStatusAsync(context, 401, "Unauthorized", "Unauthorized");
        }

        // /apis/tekton.dev/v1/namespaces/{ns}/{plural}[/{name}]
        var parts = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        if (context.Request.Method != "GET" || parts.Length is not (6 or 7) || parts[0] != "apis" || parts[1] != "tekton.dev"
            || parts[2] != "v1" || parts[3] != "namespaces" || parts[5] is not ("pipelineruns" or "taskruns"))
        {
            return await WriteStatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
        }

        var (ns, plural) = (parts[4], parts[5]);
        if (parts.Length == 7)
        {
            if (!_objects.TryGetValue((plural, ns, parts[6]), out var found))
            {
                return await WriteStatusAsync(context, 404, "NotFound", $"{plural}.tekton.dev \"{parts[6]}\" not found");
            }

            return await WriteJsonAsync(context, found);
        }

        var query = context.Request.Query;
        var selector = ((string?)query["labelSelector"] ?? "").Split('=', 2);
        var items = _objects
            .Where(o => o.Key.Plural == plural && o.Key.Namespace == ns)
            .Where(o => selector.Length != 2 || (string?)o.Value["metadata"]?["labels"]?[selector[0]] == selector[1])
            .OrderBy(o => o.Key.Name, StringComparer.Ordinal)
            .Select(o => o.Value.DeepClone())
            .ToList();
        if (query["watch"] == "true" || query["watch"] == "1")
        {
            context.Response.ContentType = "application/json";
            foreach (var item in items)
            {
                await context.Response.WriteAsync(new JsonObject { ["type"] = "ADDED", ["object"] = item }.ToJsonString() + "\n", Encoding.UTF8);
            }

            return 200;
        }

        var offset = int.TryParse(query["continue"], NumberStyles.None, CultureInfo.InvariantCulture, out var from) ? from : 0;
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var max) && max > 0 ? max : int.MaxValue;
        var page = items.Skip(offset).Take(limit).ToList();
        var next = offset + page.Count < items.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        var metadata = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref _resourceVersion).ToString(CultureInfo.InvariantCulture) };
        if (next is not null)
        {
            metadata["continue"] = next;
        }

        return await WriteJsonAsync(context, new JsonObject
        {
            ["apiVersion"] = "tekton.dev/v1",
            ["kind"] = plural == "pipelineruns" ? "PipelineRunList" : "TaskRunList",
            ["metadata"] = metadata,
            ["items"] = new JsonArray(page.ToArray()),
        });
    }

    private static async Task<int> WriteJsonAsync(HttpContext context, JsonNode body)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), Encoding.UTF8);
        return 200;
    }

    private static async Task<int> WriteStatusAsync(HttpContext context, int code, string reason, string message)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        }.ToJsonString(), Encoding.UTF8);
        return code;
    }
}
