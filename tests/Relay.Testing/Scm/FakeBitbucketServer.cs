using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Relay.Testing.Scm;

/// <summary>
/// An in-process Bitbucket for the endpoints Relay uses, in either flavor. Cloud (below <c>&lt;base_url&gt;/2.0</c>):
/// build statuses (<c>key</c> at most 40 characters, <c>url</c> required) and pull request comments
/// (<c>content.raw</c>; list paged with <c>next</c>). Data Center (below <c>&lt;base_url&gt;/rest/api/latest</c>):
/// builds, and pull request comments (<c>text</c>) whose edits must name the current <c>version</c> (else 409), found
/// again through the pull request's activities. Auth is <c>Authorization: Bearer</c>.
/// </summary>
public sealed class FakeBitbucketServer : FakeScmServer
{
    private static readonly string[] CloudStates = ["INPROGRESS", "SUCCESSFUL", "FAILED", "STOPPED"];
    private static readonly string[] DataCenterStates = ["INPROGRESS", "SUCCESSFUL", "FAILED", "CANCELLED", "UNKNOWN"];
    private readonly List<FakeBitbucketBuild> _builds = [];

    private FakeBitbucketServer(string token, bool dataCenter)
        : base(token) => IsDataCenter = dataCenter;

    /// <summary>True for the Data Center flavor.</summary>
    public bool IsDataCenter { get; }

    /// <summary>Every build status accepted, with its key, in arrival order.</summary>
    public IReadOnlyList<FakeBitbucketBuild> Builds { get { lock (Gate) { return _builds.ToArray(); } } }

    /// <summary>Bitbucket Cloud; <c>base_url</c> is <see cref="FakeScmServer.BaseUrl"/> (the API below <c>/2.0</c>).</summary>
    public static Task<FakeBitbucketServer> StartCloudAsync(string token) => StartAsync(new FakeBitbucketServer(token, dataCenter: false), "", "2.0");

    /// <summary>Bitbucket Data Center below <paramref name="pathPrefix"/> (the API below <c>/rest/api/latest</c>).</summary>
    public static Task<FakeBitbucketServer> StartDataCenterAsync(string token, string pathPrefix = "") =>
        StartAsync(new FakeBitbucketServer(token, dataCenter: true), pathPrefix, "rest/api/latest");

    /// <summary>Someone edits a comment (its Data Center version moves on).</summary>
    public void EditComment(long id, string body)
    {
        lock (Gate)
        {
            CommentMap[id].Bodies.Add(body);
        }
    }

    protected override string? AuthOf(HttpRequest request) =>
        request.Headers.TryGetValue("Authorization", out var value) ? value.ToString() : null;

    protected override bool IsAuthorized(HttpRequest request) => AuthOf(request) == "Bearer " + Token;

    protected override (int Status, string Body) Answer(HttpContext context, string[] segments, string body) =>
        IsDataCenter ? AnswerDataCenter(context, segments, body) : AnswerCloud(context, segments, body);

    private (int, string) AnswerCloud(HttpContext context, string[] segments, string body)
    {
        var method = context.Request.Method;
        var json = Parse(body);
        switch (segments)
        {
            case ["repositories", var workspace, var repo, "commit", var sha, "statuses", "build"] when method == "POST":
                return SetBuild($"{workspace}/{repo}", sha, json, CloudStates, created: 201);
            case ["repositories", var workspace, var repo, "pullrequests", var id, "comments"] when long.TryParse(id, out var number):
                if (method == "POST")
                {
                    if (json?["content"]?["raw"] is not JsonValue raw || !raw.TryGetValue<string>(out var text))
                    {
                        return (400, Error("content.raw: required"));
                    }

                    lock (Gate)
                    {
                        return (201, CloudComment(NewComment($"{workspace}/{repo}", number, text)).ToJsonString());
                    }
                }

                return method == "GET" ? ListCloud(context, $"{workspace}/{repo}", number) : NotFound();
            case ["repositories", var workspace, var repo, "pullrequests", var id, "comments", var cid]
                when method == "PUT" && long.TryParse(id, out var number) && long.TryParse(cid, out var commentId):
                lock (Gate)
                {
                    if (!CommentMap.TryGetValue(commentId, out var comment) || comment.Repository != $"{workspace}/{repo}" || comment.Number != number)
                    {
                        return NotFound();
                    }

                    if (json?["content"]?["raw"] is not JsonValue raw || !raw.TryGetValue<string>(out var text))
                    {
                        return (400, Error("content.raw: required"));
                    }

                    comment.Bodies.Add(text);
                    return (200, CloudComment(comment).ToJsonString());
                }

            default:
                return NotFound();
        }
    }

    private (int, string) AnswerDataCenter(HttpContext context, string[] segments, string body)
    {
        var method = context.Request.Method;
        var json = Parse(body);
        switch (segments)
        {
            case ["projects", var key, "repos", var repo, "commits", var sha, "builds"] when method == "POST":
                return SetBuild($"{key}/{repo}", sha, json, DataCenterStates, created: 204);
            case ["projects", var key, "repos", var repo, "pull-requests", var id, "comments"] when method == "POST" && long.TryParse(id, out var number):
                if (Text(json, "text") is not { } text)
                {
                    return (400, Error("text: required"));
                }

                lock (Gate)
                {
                    return (201, DataCenterComment(NewComment($"{key}/{repo}", number, text)).ToJsonString());
                }

            case ["projects", var key, "repos", var repo, "pull-requests", var id, "comments", var cid]
                when long.TryParse(id, out var number) && long.TryParse(cid, out var commentId):
                lock (Gate)
                {
                    if (!CommentMap.TryGetValue(commentId, out var comment) || comment.Repository != $"{key}/{repo}" || comment.Number != number)
                    {
                        return NotFound();
                    }

                    if (method == "GET")
                    {
                        return (200, DataCenterComment(comment).ToJsonString());
                    }

                    if (method != "PUT")
                    {
                        return NotFound();
                    }

                    if (Text(json, "text") is not { } edited || json?["version"] is not JsonValue v || !v.TryGetValue<int>(out var version))
                    {
                        return (400, Error("text and version: required"));
                    }

                    if (version != comment.Bodies.Count - 1)
                    {
                        return (409, Error($"You are attempting to modify a comment based on out-of-date information (version {version}, current {comment.Bodies.Count - 1})"));
                    }

                    comment.Bodies.Add(edited);
                    return (200, DataCenterComment(comment).ToJsonString());
                }

            case ["projects", var key, "repos", var repo, "pull-requests", var id, "activities"] when method == "GET" && long.TryParse(id, out var number):
                return ListActivities(context, $"{key}/{repo}", number);
            default:
                return NotFound();
        }
    }

    private (int, string) SetBuild(string repository, string sha, JsonObject? json, string[] states, int created)
    {
        var key = Text(json, "key");
        var state = Text(json, "state");
        var url = Text(json, "url");
        if (key is null || key.Length > 40)
        {
            return (400, Error("key: required, at most 40 characters"));
        }

        if (state is null || !states.Contains(state))
        {
            return (400, Error($"state: '{state}' is not one of {string.Join(", ", states)}"));
        }

        if (string.IsNullOrEmpty(url))
        {
            return (400, Error("url: required"));
        }

        var name = Text(json, "name") ?? key;
        lock (Gate)
        {
            StatusList.Add(new FakeScmStatus(repository, sha, name, state, Text(json, "description"), url));
            _builds.Add(new FakeBitbucketBuild(sha, key, name, state));
        }

        return (created, created == 204 ? "" : new JsonObject { ["key"] = key, ["state"] = state, ["name"] = name, ["url"] = url }.ToJsonString());
    }

    private (int, string) ListCloud(HttpContext context, string repository, long number)
    {
        var perPage = int.TryParse(context.Request.Query["pagelen"], out var p) ? Math.Clamp(p, 1, 100) : 10;
        var page = int.TryParse(context.Request.Query["page"], out var n) ? Math.Max(n, 1) : 1;
        FakeScmComment[] comments;
        lock (Gate)
        {
            comments = CommentMap.Values.Where(c => c.Repository == repository && c.Number == number).OrderBy(c => c.Id).ToArray();
        }

        var result = new JsonObject
        {
            ["pagelen"] = perPage,
            ["page"] = page,
            ["values"] = new JsonArray(comments.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)CloudComment(c)).ToArray()),
        };
        if (page * perPage < comments.Length)
        {
            result["next"] = $"{BaseUrl}/2.0/repositories/{repository}/pullrequests/{number}/comments?pagelen={perPage}&page={page + 1}";
        }

        return (200, result.ToJsonString());
    }

    private (int, string) ListActivities(HttpContext context, string repository, long number)
    {
        var limit = int.TryParse(context.Request.Query["limit"], out var l) ? Math.Clamp(l, 1, 100) : 25;
        var start = int.TryParse(context.Request.Query["start"], out var s) ? Math.Max(s, 0) : 0;
        FakeScmComment[] comments;
        lock (Gate)
        {
            comments = CommentMap.Values.Where(c => c.Repository == repository && c.Number == number).OrderByDescending(c => c.Id).ToArray();
        }

        // Newest first, as Data Center lists activities; an "OPENED" activity shows not every activity is a comment.
        var activities = comments.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id * 10, ["action"] = "COMMENTED", ["commentAction"] = "ADDED", ["comment"] = DataCenterComment(c) })
            .Append(new JsonObject { ["id"] = 1, ["action"] = "OPENED" })
            .ToArray();
        var slice = activities.Skip(start).Take(limit).Select(a => a.DeepClone()).ToArray();
        var last = start + limit >= activities.Length;
        var result = new JsonObject
        {
            ["size"] = slice.Length,
            ["limit"] = limit,
            ["start"] = start,
            ["isLastPage"] = last,
            ["values"] = new JsonArray(slice),
        };
        if (!last)
        {
            result["nextPageStart"] = start + limit;
        }

        return (200, result.ToJsonString());
    }

    private static JsonObject CloudComment(FakeScmComment comment) => new()
    {
        ["id"] = comment.Id,
        ["type"] = "pullrequest_comment",
        ["deleted"] = false,
        ["content"] = new JsonObject { ["raw"] = comment.Body, ["markup"] = "markdown" },
        ["user"] = new JsonObject { ["display_name"] = "relay-bot" },
    };

    private static JsonObject DataCenterComment(FakeScmComment comment) => new()
    {
        ["id"] = comment.Id,
        ["version"] = comment.Bodies.Count - 1,
        ["text"] = comment.Body,
        ["author"] = new JsonObject { ["name"] = "relay-bot" },
    };

    private static string Error(string message) =>
        new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["message"] = message }) }.ToJsonString();

    private static (int, string) NotFound() => (404, Error("Not found"));

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
