using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Relay.Testing.Scm;

/// <summary>
/// An in-process Gitea / Forgejo (REST API below <c>&lt;base_url&gt;/api/v1</c>) for the endpoints Relay uses: commit
/// statuses, and issue (pull request) comments — create, edit, list with <c>page</c>/<c>limit</c>. Auth is
/// <c>Authorization: token &lt;t&gt;</c>.
/// </summary>
public sealed class FakeGiteaServer : FakeScmServer
{
    private static readonly string[] States = ["pending", "success", "error", "failure", "warning"];

    private FakeGiteaServer(string token)
        : base(token)
    {
    }

    public static Task<FakeGiteaServer> StartAsync(string token, string pathPrefix = "") =>
        StartAsync(new FakeGiteaServer(token), pathPrefix, "api/v1");

    protected override string? AuthOf(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null;

    protected override bool IsAuthorized(HttpRequest request) => AuthOf(request) == $"token {Token}";

    protected override string UnauthorizedBody => "{\"message\":\"token is required\"}";

    protected override (int Status, string Body) Answer(HttpContext context, string[] segments, string body)
    {
        var method = context.Request.Method;
        var json = Parse(body);
        switch (segments)
        {
            case ["repos", var owner, var repo, "statuses", var sha] when method == "POST":
                var state = Text(json, "state");
                if (state is null || !States.Contains(state))
                {
                    return (422, "{\"message\":\"[State]: invalid commit status state\"}");
                }

                lock (Gate)
                {
                    var statusContext = Text(json, "context") ?? "default";
                    StatusList.Add(new FakeScmStatus($"{owner}/{repo}", sha, statusContext, state, Text(json, "description"), Text(json, "target_url")));
                    return (201, new JsonObject { ["id"] = NextId(), ["status"] = state, ["context"] = statusContext }.ToJsonString());
                }

            case ["repos", var owner, var repo, "issues", var index, "comments"] when long.TryParse(index, out var number):
                if (method == "POST")
                {
                    lock (Gate)
                    {
                        return (201, CommentJson(NewComment($"{owner}/{repo}", number, Text(json, "body") ?? "")).ToJsonString());
                    }
                }

                return method == "GET" ? List(context, $"{owner}/{repo}", number) : NotFound();
            case ["repos", var owner, var repo, "issues", "comments", var id] when method == "PATCH" && long.TryParse(id, out var commentId):
                lock (Gate)
                {
                    if (!CommentMap.TryGetValue(commentId, out var comment) || comment.Repository != $"{owner}/{repo}")
                    {
                        return NotFound();
                    }

                    comment.Bodies.Add(Text(json, "body") ?? "");
                    return (200, CommentJson(comment).ToJsonString());
                }

            default:
                return NotFound();
        }
    }

    private (int, string) List(HttpContext context, string repository, long number)
    {
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, 50) : 50;
        var page = int.TryParse(context.Request.Query["page"], out var p) ? Math.Max(p, 1) : 1;
        lock (Gate)
        {
            var slice = CommentMap.Values.Where(c => c.Repository == repository && c.Number == number).OrderBy(c => c.Id)
                .Skip((page - 1) * limit).Take(limit).Select(c => (JsonNode)CommentJson(c)).ToArray();
            return (200, new JsonArray(slice).ToJsonString());
        }
    }

    private static JsonObject CommentJson(FakeScmComment comment) => new()
    {
        ["id"] = comment.Id,
        ["body"] = comment.Body,
        ["user"] = new JsonObject { ["login"] = "relay-bot" },
    };

    private static (int, string) NotFound() => (404, "{\"message\":\"The target couldn't be found.\"}");

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
