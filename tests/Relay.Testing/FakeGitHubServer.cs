using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>The query string, with its leading <c>?</c> (empty when none).</summary>
    public string Query { get; init; } = "";

    /// <summary>The status code the fake answered.</summary>
    public int StatusCode { get; init; }

    /// <summary>"POST /repos/acme/webapp/check-runs": method and path below the API root, for sequence assertions.</summary>
    public string Route { get; init; } = "";
}

/// <summary>A check run as the fake holds it, with every state it went through.</summary>
public sealed record FakeCheckRun(long Id, string Owner, string Repository, string Name, string HeadSha, string? ExternalId)
{
    public List<JsonObject> Versions { get; } = [];

    public string? Status => Versions.Select(v => (string?)v["status"]).LastOrDefault(s => s is not null);

    public string? Conclusion => Versions.Select(v => (string?)v["conclusion"]).LastOrDefault(s => s is not null);

    public string? Title => Versions.Select(v => (string?)v["output"]?["title"]).LastOrDefault(s => s is not null);

    public string? Summary => Versions.Select(v => (string?)v["output"]?["summary"]).LastOrDefault(s => s is not null);
}

/// <summary>An issue or pull-request comment, with every body it had.</summary>
public sealed record FakeComment(long Id, string Owner, string Repository, long Number)
{
    public List<string> Bodies { get; } = [];

    public string Body => Bodies[^1];
}

/// <summary>A commit comment.</summary>
public sealed record FakeCommitComment(long Id, string Owner, string Repository, string Sha, string Body);

/// <summary>A deployment and the statuses posted to it.</summary>
public sealed record FakeDeployment(long Id, string Owner, string Repository, string Sha, string Environment)
{
    /// <summary>The deployment's <c>payload</c> as posted (Relay keeps its run marker there).</summary>
    public JsonNode? Payload { get; init; }

    public List<(string State, string? Description, string? LogUrl, string? EnvironmentUrl)> Statuses { get; } = [];
}

/// <summary>
/// A real HTTP server on 127.0.0.1 that answers like the parts of GitHub's REST API Relay uses (statuses, check runs,
/// issue and commit comments, deployments, labels, App installation tokens), keeps what was created, records every
/// request, and can be told to fail (status codes, headers) for a while.
/// </summary>
public sealed partial class FakeGitHubServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentQueue<Hang> _hangs = new();
    private int _hung;
    private int _hangsEnded;
    private int _hangsCancelled;
    private readonly Lock _gate = new();
    private readonly Dictionary<long, FakeCheckRun> _checkRuns = [];
    private readonly Dictionary<long, FakeComment> _comments = [];
    private readonly List<FakeCommitComment> _commitComments = [];
    private readonly Dictionary<long, FakeDeployment> _deployments = [];
    private readonly Dictionary<(string Owner, string Repository, long Number), List<string>> _labels = [];
    private long _nextId = 1000;
    private string _prefix = "/";
    private WebApplication? _app;

    /// <summary>The API root to configure as <c>base_url</c> (ends with a slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Every request received, in arrival order, including the ones answered with a fault.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Successful commit statuses only.</summary>
    public IReadOnlyList<RecordedRequest> Statuses =>
        _requests.Where(r => r.State is not null && !r.Failed && r.Route.StartsWith("POST ", StringComparison.Ordinal) && r.Route.Contains("/statuses/", StringComparison.Ordinal) && !r.Route.Contains("/deployments/", StringComparison.Ordinal)).ToArray();

    /// <summary>Check runs created, by id.</summary>
    public IReadOnlyList<FakeCheckRun> CheckRuns { get { lock (_gate) { return _checkRuns.Values.ToArray(); } } }

    /// <summary>Issue and pull-request comments that exist now (including seeded ones).</summary>
    public IReadOnlyList<FakeComment> Comments { get { lock (_gate) { return _comments.Values.ToArray(); } } }

    public IReadOnlyList<FakeCommitComment> CommitComments { get { lock (_gate) { return _commitComments.ToArray(); } } }

    public IReadOnlyList<FakeDeployment> Deployments { get { lock (_gate) { return _deployments.Values.ToArray(); } } }

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
        var prefix = pathPrefix.Trim('/');
        server._prefix = prefix.Length > 0 ? $"/{prefix}/" : "/";
        server.BaseUrl = address.TrimEnd('/') + server._prefix;
        return server;
    }

    /// <summary>
    /// The next <paramref name="count"/> requests (whose route contains <paramref name="routeContains"/>, when given,
    /// e.g. <c>"POST /repos/acme/webapp/check-runs"</c> or <c>"/labels"</c>) get <paramref name="status"/>.
    /// </summary>
    public void FailNext(int count, int status, IReadOnlyDictionary<string, string>? headers = null, string body = "{\"message\":\"injected fault\"}", string? routeContains = null)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue(new Fault(status, headers ?? new Dictionary<string, string>(), body, routeContains));
        }
    }

    /// <summary>
    /// The next request whose route and body contain <paramref name="routeContains"/> and <paramref name="bodyContains"/>
    /// is held for <paramref name="duration"/> before it is answered normally; a client that gives up first (cancels)
    /// gets nothing and nothing is created. <see cref="Hung"/> counts the requests held.
    /// </summary>
    public void HangNext(TimeSpan duration, string routeContains, string? bodyContains = null) =>
        _hangs.Enqueue(new Hang(duration, routeContains, bodyContains));

    /// <summary>Requests held by <see cref="HangNext"/> so far.</summary>
    public int Hung => _hung;

    /// <summary>Held requests that have ended: cancelled by the client, or released and then answered.</summary>
    public int HangsEnded => _hangsEnded;

    /// <summary>Held requests the client cancelled (for all it knows, GitHub may have acted on them).</summary>
    public int HangsCancelled => _hangsCancelled;

    /// <summary>Drops every fault not yet served: GitHub is healthy again.</summary>
    public void ClearFaults() => _faults.Clear();

    /// <summary>Statuses posted for one commit, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> StatusesFor(string sha) => Statuses.Where(r => r.Sha == sha).ToArray();

    /// <summary>The routes of every request answered successfully, in order ("PATCH /repos/acme/webapp/issues/comments/1001").</summary>
    public IReadOnlyList<string> Routes(Func<RecordedRequest, bool>? where = null) =>
        _requests.Where(r => !r.Failed && (where?.Invoke(r) ?? true)).Select(r => r.Route).ToArray();

    /// <summary>Labels currently on an issue or pull request.</summary>
    public IReadOnlyList<string> LabelsOn(string owner, string repository, long number)
    {
        lock (_gate)
        {
            return _labels.TryGetValue((owner, repository, number), out var labels) ? labels.ToArray() : [];
        }
    }

    /// <summary>Adds comments written by someone else, e.g. to make Relay's marker search page through many.</summary>
    public void SeedComments(string owner, string repository, long number, int count, Func<int, string>? body = null)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var comment = new FakeComment(++_nextId, owner, repository, number);
                comment.Bodies.Add(body?.Invoke(i) ?? $"comment {i} by a human");
                _comments[comment.Id] = comment;
            }
        }
    }

    /// <summary>Deletes a comment, as a user might.</summary>
    public void DeleteComment(long id)
    {
        lock (_gate)
        {
            _comments.Remove(id);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        if (await HandleAppsAsync(context, body))
        {
            return;
        }

        var path = context.Request.Path.Value ?? "";
        var relative = path.StartsWith(_prefix, StringComparison.Ordinal) ? "/" + path[_prefix.Length..] : path;
        var route = $"{context.Request.Method} {relative}";
        JsonObject? json = null;
        if (body.Length > 0)
        {
            try
            {
                // GitHub takes a bare array where an object with one list is expected (labels): so does the fake.
                var node = JsonNode.Parse(body);
                json = node as JsonObject ?? (node is JsonArray array ? new JsonObject { ["labels"] = array.DeepClone() } : null);
            }
            catch (JsonException)
            {
                Record(context, route, relative, body, null, false, 400);
                await RespondAsync(context, 400, "{\"message\":\"Problems parsing JSON\"}");
                return;
            }
        }

        if (_hangs.TryPeek(out var hang) && route.Contains(hang.RouteContains, StringComparison.Ordinal)
            && (hang.BodyContains is null || body.Contains(hang.BodyContains, StringComparison.Ordinal)) && _hangs.TryDequeue(out hang))
        {
            Interlocked.Increment(ref _hung);
            try
            {
                await Task.Delay(hang.Duration, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The client gave up: GitHub never finished this request, so nothing exists.
                Interlocked.Increment(ref _hangsEnded);
                Interlocked.Increment(ref _hangsCancelled);
                return;
            }

            Interlocked.Increment(ref _hangsEnded);
        }

        var fault = TakeFault(route);
        context.Response.Headers["x-ratelimit-limit"] = "5000";
        context.Response.Headers["x-ratelimit-remaining"] = "4999";
        context.Response.Headers["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (fault is not null)
        {
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }

            Record(context, route, relative, body, json, true, fault.Status);
            await RespondAsync(context, fault.Status, fault.Body);
            return;
        }

        var (status, answer) = Answer(context, relative, json);
        Record(context, route, relative, body, json, false, status);
        await RespondAsync(context, status, answer);
    }

    private Fault? TakeFault(string route)
    {
        // Faults are served in order; one aimed at other routes waits for its own.
        lock (_gate)
        {
            var pending = _faults.ToArray();
            var match = Array.FindIndex(pending, f => f.RouteContains is null || route.Contains(f.RouteContains, StringComparison.Ordinal));
            if (match < 0)
            {
                return null;
            }

            _faults.Clear();
            for (var i = 0; i < pending.Length; i++)
            {
                if (i != match)
                {
                    _faults.Enqueue(pending[i]);
                }
            }

            return pending[match];
        }
    }

    private (int Status, string Body) Answer(HttpContext context, string path, JsonObject? json)
    {
        var method = context.Request.Method;
        var now = DateTimeOffset.UtcNow;
        Match m;
        lock (_gate)
        {
            if ((m = StatusPath().Match(path)).Success && method == "POST")
            {
                return (201, Serialize(new JsonObject
                {
                    ["id"] = ++_nextId,
                    ["state"] = (string?)json?["state"],
                    ["context"] = (string?)json?["context"],
                    ["description"] = (string?)json?["description"],
                    ["target_url"] = (string?)json?["target_url"],
                    ["url"] = $"{BaseUrl}repos/{m.Groups["owner"].Value}/{m.Groups["repo"].Value}/statuses/{m.Groups["sha"].Value}",
                    ["created_at"] = now,
                    ["updated_at"] = now,
                }));
            }

            if ((m = CommitStatusesPath().Match(path)).Success && method == "GET")
            {
                // The commit's statuses, newest first (GitHub's order).
                var listed = new JsonArray();
                foreach (var status in Statuses.Where(s => s.Sha == m.Groups["sha"].Value).Reverse())
                {
                    listed.Add(new JsonObject
                    {
                        ["state"] = status.State,
                        ["context"] = status.Context,
                        ["description"] = status.Description,
                        ["target_url"] = status.TargetUrl,
                    });
                }

                return (200, Serialize(listed));
            }

            if ((m = CheckRunsPath().Match(path)).Success && method == "POST")
            {
                var run = new FakeCheckRun(++_nextId, m.Groups["owner"].Value, m.Groups["repo"].Value, (string?)json?["name"] ?? "", (string?)json?["head_sha"] ?? "", (string?)json?["external_id"]);
                run.Versions.Add((JsonObject)json!.DeepClone());
                _checkRuns[run.Id] = run;
                return (201, Serialize(CheckRunJson(run)));
            }

            if ((m = CheckRunPath().Match(path)).Success && method == "PATCH")
            {
                if (!_checkRuns.TryGetValue(long.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture), out var run))
                {
                    return NotFound();
                }

                run.Versions.Add((JsonObject)json!.DeepClone());
                return (200, Serialize(CheckRunJson(run)));
            }

            if ((m = CheckRunsForRefPath().Match(path)).Success && method == "GET")
            {
                var name = context.Request.Query["check_name"].ToString();
                var runs = _checkRuns.Values.Where(r => r.Owner == m.Groups["owner"].Value && r.Repository == m.Groups["repo"].Value
                    && r.HeadSha == m.Groups["sha"].Value && (name.Length == 0 || r.Name == name)).ToArray();
                return (200, Serialize(new JsonObject
                {
                    ["total_count"] = runs.Length,
                    ["check_runs"] = new JsonArray(runs.Select(r => (JsonNode)CheckRunJson(r)).ToArray()),
                }));
            }

            if ((m = IssueCommentsPath().Match(path)).Success)
            {
                var (owner, repo, number) = (m.Groups["owner"].Value, m.Groups["repo"].Value, long.Parse(m.Groups["number"].Value, CultureInfo.InvariantCulture));
                if (method == "POST")
                {
                    var comment = new FakeComment(++_nextId, owner, repo, number);
                    comment.Bodies.Add((string?)json?["body"] ?? "");
                    _comments[comment.Id] = comment;
                    return (201, Serialize(CommentJson(comment)));
                }

                if (method == "GET")
                {
                    var all = _comments.Values.Where(c => c.Owner == owner && c.Repository == repo && c.Number == number).OrderBy(c => c.Id).ToArray();
                    return (200, Page(context, path, all.Select(c => (JsonNode)CommentJson(c)).ToArray()));
                }
            }

            if ((m = IssueCommentPath().Match(path)).Success && method == "PATCH")
            {
                if (!_comments.TryGetValue(long.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture), out var comment))
                {
                    return NotFound();
                }

                comment.Bodies.Add((string?)json?["body"] ?? "");
                return (200, Serialize(CommentJson(comment)));
            }

            if ((m = CommitCommentsPath().Match(path)).Success && method == "GET")
            {
                var (owner, repo, sha) = (m.Groups["owner"].Value, m.Groups["repo"].Value, m.Groups["sha"].Value);
                var all = _commitComments.Where(c => c.Owner == owner && c.Repository == repo && c.Sha == sha)
                    .Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["body"] = c.Body, ["commit_id"] = c.Sha }).ToArray();
                return (200, Page(context, path, all));
            }

            if ((m = CommitCommentsPath().Match(path)).Success && method == "POST")
            {
                var comment = new FakeCommitComment(++_nextId, m.Groups["owner"].Value, m.Groups["repo"].Value, m.Groups["sha"].Value, (string?)json?["body"] ?? "");
                _commitComments.Add(comment);
                return (201, Serialize(new JsonObject { ["id"] = comment.Id, ["body"] = comment.Body, ["commit_id"] = comment.Sha }));
            }

            if ((m = DeploymentsPath().Match(path)).Success && method == "POST")
            {
                var deployment = new FakeDeployment(++_nextId, m.Groups["owner"].Value, m.Groups["repo"].Value, (string?)json?["ref"] ?? "", (string?)json?["environment"] ?? "production")
                {
                    Payload = json?["payload"]?.DeepClone(),
                };
                _deployments[deployment.Id] = deployment;
                return (201, Serialize(DeploymentJson(deployment)));
            }

            if ((m = DeploymentsPath().Match(path)).Success && method == "GET")
            {
                // Newest first, as GitHub lists them.
                var (owner, repo) = (m.Groups["owner"].Value, m.Groups["repo"].Value);
                var all = _deployments.Values.Where(d => d.Owner == owner && d.Repository == repo).OrderByDescending(d => d.Id)
                    .Select(d => (JsonNode)DeploymentJson(d)).ToArray();
                return (200, Page(context, path, all));
            }

            if ((m = DeploymentStatusesPath().Match(path)).Success && method == "POST")
            {
                if (!_deployments.TryGetValue(long.Parse(m.Groups["id"].Value, CultureInfo.InvariantCulture), out var deployment))
                {
                    return NotFound();
                }

                var state = (string?)json?["state"] ?? "";
                deployment.Statuses.Add((state, (string?)json?["description"], (string?)json?["log_url"], (string?)json?["environment_url"]));
                return (201, Serialize(new JsonObject { ["id"] = ++_nextId, ["state"] = state }));
            }

            if ((m = LabelsPath().Match(path)).Success && method == "POST")
            {
                var key = (m.Groups["owner"].Value, m.Groups["repo"].Value, long.Parse(m.Groups["number"].Value, CultureInfo.InvariantCulture));
                var labels = _labels.TryGetValue(key, out var existing) ? existing : _labels[key] = [];
                foreach (var label in (json?["labels"] as JsonArray ?? []).Select(l => (string?)l).OfType<string>())
                {
                    if (!labels.Contains(label, StringComparer.OrdinalIgnoreCase))
                    {
                        labels.Add(label);
                    }
                }

                return (200, Serialize(new JsonArray(labels.Select(l => (JsonNode)new JsonObject { ["id"] = l.GetHashCode(StringComparison.Ordinal), ["name"] = l, ["color"] = "ededed" }).ToArray())));
            }

            if ((m = LabelPath().Match(path)).Success && method == "DELETE")
            {
                var key = (m.Groups["owner"].Value, m.Groups["repo"].Value, long.Parse(m.Groups["number"].Value, CultureInfo.InvariantCulture));
                var name = Uri.UnescapeDataString(m.Groups["name"].Value);
                if (!_labels.TryGetValue(key, out var labels) || labels.RemoveAll(l => string.Equals(l, name, StringComparison.OrdinalIgnoreCase)) == 0)
                {
                    return (404, "{\"message\":\"Label does not exist\"}");
                }

                return (200, Serialize(new JsonArray(labels.Select(l => (JsonNode)new JsonObject { ["name"] = l }).ToArray())));
            }
        }

        return NotFound();
    }

    private static (int, string) NotFound() => (404, "{\"message\":\"Not Found\"}");

    /// <summary>GitHub's paging: <c>per_page</c> (default 30, at most 100), <c>page</c>, and a <c>Link</c> header to the next page.</summary>
    private string Page(HttpContext context, string path, JsonNode[] items)
    {
        var perPage = int.TryParse(context.Request.Query["per_page"], out var p) ? Math.Clamp(p, 1, 100) : 30;
        var page = int.TryParse(context.Request.Query["page"], out var n) ? Math.Max(n, 1) : 1;
        var slice = items.Skip((page - 1) * perPage).Take(perPage).ToArray();
        if (page * perPage < items.Length)
        {
            context.Response.Headers["Link"] = $"<{BaseUrl.TrimEnd('/')}{path}?per_page={perPage}&page={page + 1}>; rel=\"next\"";
        }

        return Serialize(new JsonArray(slice.Select(i => i.DeepClone()).ToArray()));
    }

    private JsonObject CheckRunJson(FakeCheckRun run) => new()
    {
        ["id"] = run.Id,
        ["name"] = run.Name,
        ["head_sha"] = run.HeadSha,
        ["external_id"] = run.ExternalId,
        ["status"] = run.Status,
        ["conclusion"] = run.Conclusion,
        ["url"] = $"{BaseUrl}repos/{run.Owner}/{run.Repository}/check-runs/{run.Id}",
    };

    private static JsonObject CommentJson(FakeComment comment) => new()
    {
        ["id"] = comment.Id,
        ["body"] = comment.Body,
        ["user"] = new JsonObject { ["login"] = "relay-bot", ["id"] = 1 },
    };

    private static string Serialize(JsonNode node) => node.ToJsonString();

    private void Record(HttpContext context, string route, string path, string body, JsonObject? json, bool failed, int status)
    {
        var repo = RepoPath().Match(path);
        var sha = StatusPath().Match(path);
        var request = new RecordedRequest(
            context.Request.Method, context.Request.Path.Value!, context.Request.Headers.Authorization.ToString(),
            repo.Success ? repo.Groups["owner"].Value : "", repo.Success ? repo.Groups["repo"].Value : "",
            sha.Success ? sha.Groups["sha"].Value : "",
            Text(json, "state"), Text(json, "context"), Text(json, "description"), Text(json, "target_url"), body, DateTimeOffset.UtcNow)
        {
            Failed = failed,
            Query = context.Request.QueryString.Value ?? "",
            StatusCode = status,
            Route = route,
        };
        _requests.Enqueue(request);
    }

    private static async Task RespondAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body);
    }

    private static string? Text(JsonObject? json, string name) => json?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed record Hang(TimeSpan Duration, string RouteContains, string? BodyContains);

    private sealed record Fault(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string? RouteContains);

    private static JsonObject DeploymentJson(FakeDeployment deployment) => new()
    {
        ["id"] = deployment.Id,
        ["sha"] = deployment.Sha,
        ["ref"] = deployment.Sha,
        ["environment"] = deployment.Environment,
        ["payload"] = deployment.Payload?.DeepClone() ?? new JsonObject(),
    };

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/")]
    private static partial Regex RepoPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/commits/(?<sha>[^/]+)/statuses$")]
    private static partial Regex CommitStatusesPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/statuses/(?<sha>[^/]+)$")]
    private static partial Regex StatusPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/check-runs$")]
    private static partial Regex CheckRunsPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/check-runs/(?<id>[0-9]+)$")]
    private static partial Regex CheckRunPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/commits/(?<sha>[^/]+)/check-runs$")]
    private static partial Regex CheckRunsForRefPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/issues/(?<number>[0-9]+)/comments$")]
    private static partial Regex IssueCommentsPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/issues/comments/(?<id>[0-9]+)$")]
    private static partial Regex IssueCommentPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/commits/(?<sha>[^/]+)/comments$")]
    private static partial Regex CommitCommentsPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/deployments$")]
    private static partial Regex DeploymentsPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/deployments/(?<id>[0-9]+)/statuses$")]
    private static partial Regex DeploymentStatusesPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/issues/(?<number>[0-9]+)/labels$")]
    private static partial Regex LabelsPath();

    [GeneratedRegex("^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)/issues/(?<number>[0-9]+)/labels/(?<name>[^/]+)$")]
    private static partial Regex LabelPath();
}
