using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Relay.Testing.Scm;

/// <summary>
/// An in-process Azure DevOps organization (below <c>&lt;base_url&gt;/&lt;organization&gt;</c>) for the endpoints Relay
/// uses: commit statuses (<c>context: {name, genre}</c>), and pull request threads (create with one comment, list,
/// edit a thread's comment). Every request must ask for <c>api-version=7.1</c>; auth is HTTP Basic with an empty user
/// and the PAT as password. A project name may contain spaces (its path segment is URL-encoded).
/// </summary>
public sealed class FakeAzureDevOpsServer : FakeScmServer
{
    private static readonly string[] States = ["notSet", "pending", "succeeded", "failed", "error", "notApplicable"];

    private FakeAzureDevOpsServer(string token, string organization)
        : base(token) => Organization = organization;

    /// <summary>The organization the server hosts (the first path segment).</summary>
    public string Organization { get; }

    /// <summary>Genres of the statuses accepted, in arrival order.</summary>
    public IReadOnlyList<string> Genres { get; private set; } = [];

    public static Task<FakeAzureDevOpsServer> StartAsync(string token, string organization) =>
        StartAsync(new FakeAzureDevOpsServer(token, organization), "", Uri.EscapeDataString(organization));

    protected override string? AuthOf(HttpRequest request) =>
        request.Headers.TryGetValue("Authorization", out var value) ? value.ToString() : null;

    protected override bool IsAuthorized(HttpRequest request) =>
        AuthOf(request) == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Token));

    protected override string UnauthorizedBody => "{\"message\":\"TF400813: The user is not authorized to access this resource.\"}";

    protected override (int Status, string Body) Answer(HttpContext context, string[] segments, string body)
    {
        if (context.Request.Query["api-version"] != "7.1")
        {
            return (400, Error("VssInvalidPreviewVersionException: api-version=7.1 is required"));
        }

        var method = context.Request.Method;
        var json = Parse(body);
        switch (segments)
        {
            case [var project, "_apis", "git", "repositories", var repo, "commits", var sha, "statuses"] when method == "POST":
                return SetStatus($"{project}/{repo}", sha, json);
            case [var project, "_apis", "git", "repositories", var repo, "pullRequests", var id, "threads"] when long.TryParse(id, out var number):
                if (method == "GET")
                {
                    return ListThreads($"{project}/{repo}", number);
                }

                if (method != "POST")
                {
                    return NotFound();
                }

                if (json?["comments"] is not JsonArray { Count: > 0 } comments || Text(comments[0] as JsonObject, "content") is not { } content)
                {
                    return (400, Error("A thread needs a comment with content"));
                }

                lock (Gate)
                {
                    var comment = NewComment($"{project}/{repo}", number, content, parentId: NextId());
                    return (200, ThreadJson(comment.ParentId!.Value, [comment]).ToJsonString());
                }

            case [var project, "_apis", "git", "repositories", var repo, "pullRequests", var id, "threads", var tid, "comments", var cid]
                when method == "PATCH" && long.TryParse(id, out var number) && long.TryParse(tid, out var threadId) && long.TryParse(cid, out var commentId):
                lock (Gate)
                {
                    if (!CommentMap.TryGetValue(commentId, out var comment) || comment.ParentId != threadId
                        || comment.Repository != $"{project}/{repo}" || comment.Number != number)
                    {
                        return NotFound();
                    }

                    if (Text(json, "content") is not { } edited)
                    {
                        return (400, Error("content: required"));
                    }

                    comment.Bodies.Add(edited);
                    return (200, CommentJson(comment).ToJsonString());
                }

            default:
                return NotFound();
        }
    }

    private (int, string) SetStatus(string repository, string sha, JsonObject? json)
    {
        var state = Text(json, "state");
        if (state is null || !States.Contains(state))
        {
            return (400, Error($"state: '{state}' is not a GitStatusState"));
        }

        if (json?["context"] is not JsonObject context || Text(context, "name") is not { Length: > 0 } name)
        {
            return (400, Error("context.name: required"));
        }

        var genre = Text(context, "genre") ?? "";
        lock (Gate)
        {
            StatusList.Add(new FakeScmStatus(repository, sha, name, state, Text(json, "description"), Text(json, "targetUrl")));
            Genres = [.. Genres, genre];
            return (201, new JsonObject { ["id"] = NextId(), ["state"] = state, ["context"] = new JsonObject { ["name"] = name, ["genre"] = genre } }.ToJsonString());
        }
    }

    private (int, string) ListThreads(string repository, long number)
    {
        lock (Gate)
        {
            var threads = CommentMap.Values.Where(c => c.Repository == repository && c.Number == number && c.ParentId is not null)
                .GroupBy(c => c.ParentId!.Value)
                .OrderBy(g => g.Key)
                .Select(g => (JsonNode)ThreadJson(g.Key, [.. g.OrderBy(c => c.Id)]))
                .ToArray();
            return (200, new JsonObject { ["value"] = new JsonArray(threads), ["count"] = threads.Length }.ToJsonString());
        }
    }

    private static JsonObject ThreadJson(long id, IReadOnlyList<FakeScmComment> comments) => new()
    {
        ["id"] = id,
        ["status"] = "active",
        ["isDeleted"] = false,
        ["comments"] = new JsonArray(comments.Select(c => (JsonNode)CommentJson(c)).ToArray()),
    };

    private static JsonObject CommentJson(FakeScmComment comment) => new()
    {
        ["id"] = comment.Id,
        ["parentCommentId"] = 0,
        ["content"] = comment.Body,
        ["commentType"] = "text",
        ["isDeleted"] = false,
        ["author"] = new JsonObject { ["displayName"] = "relay-bot" },
    };

    private static string Error(string message) => new JsonObject { ["message"] = message, ["typeKey"] = "InvalidArgumentValueException" }.ToJsonString();

    private static (int, string) NotFound() => (404, Error("TF401180: The requested resource was not found."));

    private static JsonObject? Parse(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject? json, string name) =>
        json?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
