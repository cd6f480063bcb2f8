using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Relay.Testing.Scm;

/// <summary>
/// An in-process GitLab (REST API v4 below <c>&lt;base_url&gt;/api/v4</c>) for the endpoints Relay uses: commit
/// statuses, and merge request notes (create, edit, list with <c>X-Next-Page</c> paging). Auth is <c>PRIVATE-TOKEN</c>;
/// a project id must be the URL-encoded <c>namespace/name</c>. Like GitLab, it answers 400 "Cannot transition status"
/// when a status is set to the state it already has.
/// </summary>
public sealed class FakeGitLabServer : FakeScmServer
{
    private static readonly string[] States = ["pending", "running", "success", "failed", "canceled"];

    private FakeGitLabServer(string token)
        : base(token)
    {
    }

    public static Task<FakeGitLabServer> StartAsync(string token, string pathPrefix = "") =>
        StartAsync(new FakeGitLabServer(token), pathPrefix, "api/v4");

    protected override string? AuthOf(HttpRequest request) =>
        request.Headers.TryGetValue("PRIVATE-TOKEN", out var value) ? value.ToString() : null;

    protected override bool IsAuthorized(HttpRequest request) => AuthOf(request) == Token;

    protected override (int Status, string Body) Answer(HttpContext context, string[] segments, string body)
    {
        var method = context.Request.Method;
        var json = Parse(body);
        switch (segments)
        {
            case ["projects", var project, "statuses", var sha] when method == "POST":
                return SetStatus(project, sha, json);
            case ["projects", var project, "merge_requests", var iid, "notes"] when long.TryParse(iid, out var number):
                if (method == "POST")
                {
                    lock (Gate)
                    {
                        var note = NewComment(project, number, Text(json, "body") ?? "");
                        return (201, NoteJson(note).ToJsonString());
                    }
                }

                return method == "GET" ? ListNotes(context, project, number) : NotFound();
            case ["projects", var project, "merge_requests", var iid, "notes", var id]
                when method == "PUT" && long.TryParse(iid, out var number) && long.TryParse(id, out var noteId):
                lock (Gate)
                {
                    if (!CommentMap.TryGetValue(noteId, out var note) || note.Repository != project || note.Number != number)
                    {
                        return NotFound();
                    }

                    note.Bodies.Add(Text(json, "body") ?? "");
                    return (200, NoteJson(note).ToJsonString());
                }

            default:
                return NotFound();
        }
    }

    private (int, string) SetStatus(string project, string sha, JsonObject? json)
    {
        var state = Text(json, "state");
        var name = Text(json, "name") ?? "default";
        if (state is null || !States.Contains(state))
        {
            return (400, "{\"message\":\"state is missing, state does not have a valid value\"}");
        }

        lock (Gate)
        {
            var current = StatusList.LastOrDefault(s => s.Repository == project && s.Sha == sha && s.Context == name);
            if (current is not null && current.State == state)
            {
                var verb = state switch { "pending" => "enqueue", "running" => "run", "success" => "success", "failed" => "drop", _ => "cancel" };
                return (400, $"{{\"message\":\"Cannot transition status via :{verb} from :{current.State}\"}}");
            }

            StatusList.Add(new FakeScmStatus(project, sha, name, state, Text(json, "description"), Text(json, "target_url")));
            return (201, new JsonObject { ["id"] = NextId(), ["sha"] = sha, ["name"] = name, ["status"] = state }.ToJsonString());
        }
    }

    private (int, string) ListNotes(HttpContext context, string project, long number)
    {
        var perPage = int.TryParse(context.Request.Query["per_page"], out var p) ? Math.Clamp(p, 1, 100) : 20;
        var page = int.TryParse(context.Request.Query["page"], out var n) ? Math.Max(n, 1) : 1;
        FakeScmComment[] notes;
        lock (Gate)
        {
            notes = CommentMap.Values.Where(c => c.Repository == project && c.Number == number).OrderBy(c => c.Id).ToArray();
        }

        if (page * perPage < notes.Length)
        {
            context.Response.Headers["X-Next-Page"] = (page + 1).ToString(CultureInfo.InvariantCulture);
        }

        var slice = notes.Skip((page - 1) * perPage).Take(perPage).Select(c => (JsonNode)NoteJson(c)).ToArray();
        return (200, new JsonArray(slice).ToJsonString());
    }

    private static JsonObject NoteJson(FakeScmComment note) => new()
    {
        ["id"] = note.Id,
        ["body"] = note.Body,
        ["author"] = new JsonObject { ["username"] = "relay-bot" },
        ["system"] = false,
    };

    private static (int, string) NotFound() => (404, "{\"message\":\"404 Not Found\"}");

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
