using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.GitLab;

/// <summary>
/// The GitLab module's executor: GitLab's REST API v4 (<c>&lt;base_url&gt;/api/v4</c>) with <c>PRIVATE-TOKEN</c>, only
/// the endpoints used — commit statuses, and merge request notes (create, edit, list to find the marker). The project
/// id in every path is the URL-encoded <c>namespace/name</c>.
/// </summary>
internal sealed class GitLabEffectExecutor(
    IOptionsMonitor<GitLabOptions> options,
    SecretFileReader secrets,
    IHttpClientFactory httpClients,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger<GitLabEffectExecutor> logger) : ScmEffectExecutor(secrets, httpClients, metrics, time, logger)
{
    /// <summary>Notes per page when looking for the marker (GitLab's maximum), and the most pages read.</summary>
    private const int PerPage = 100;
    private const int MaxPages = 50;

    public override string Provider => GitLabActionPlanner.Kind;

    protected override ScmInstanceOptions? FindInstance(string name) =>
        options.CurrentValue.GitLab.Find(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    protected override Uri ApiRoot(ScmInstanceOptions instance) => ScmHttp.ApiRoot(instance.BaseUrl, "api/v4");

    protected override void Authorize(HttpRequestMessage request, string token) => request.Headers.Add("PRIVATE-TOKEN", token);

    protected override Task<ScmAnswer> SetStatusAsync(ScmApiCall call, ScmCommand command) =>
        call.SendAsync(ScmHttp.Request(
            HttpMethod.Post, call.ApiRoot, $"projects/{Project(command)}/statuses/{ScmHttp.Segment(command.Sha)}",
            new GitLabStatusRequest(command.State ?? "pending", command.Context ?? "", command.TargetUrl, command.Description),
            GitLabJson.Default.GitLabStatusRequest));

    protected override async Task<ScmAnswer> CreateCommentAsync(ScmApiCall call, ScmCommand command)
    {
        var answer = await call.SendAsync(ScmHttp.Request(
            HttpMethod.Post, call.ApiRoot, Notes(command), new GitLabNoteRequest(command.Body ?? ""), GitLabJson.Default.GitLabNoteRequest, creates: true));
        return WithNote(answer);
    }

    protected override async Task<ScmAnswer> EditCommentAsync(ScmApiCall call, ScmCommand command, ScmCommentRef comment)
    {
        var answer = await call.SendAsync(ScmHttp.Request(
            HttpMethod.Put, call.ApiRoot, $"{Notes(command)}/{ScmHttp.Segment(comment.Id)}", new GitLabNoteRequest(command.Body ?? ""), GitLabJson.Default.GitLabNoteRequest));
        return answer.IsSuccess ? answer with { Comment = comment } : answer;
    }

    protected override async Task<ScmAnswer> FindCommentAsync(ScmApiCall call, ScmCommand command)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            var answer = await call.SendAsync(ScmHttp.Request(
                HttpMethod.Get, call.ApiRoot, $"{Notes(command)}?sort=asc&order_by=created_at&per_page={PerPage}&page={page}"));
            if (!answer.IsSuccess)
            {
                return answer;
            }

            var notes = JsonSerializer.Deserialize(answer.Body, GitLabJson.Default.ListGitLabNote) ?? [];
            if (notes.Find(n => n.Body is { } body && command.Marker is { Length: > 0 } marker && body.Contains(marker, StringComparison.Ordinal)) is { } mine)
            {
                return answer with { Body = "", Comment = new ScmCommentRef(mine.Id.ToString(CultureInfo.InvariantCulture)) };
            }

            if (notes.Count < PerPage)
            {
                break;
            }
        }

        return new ScmAnswer { StatusCode = 200 };
    }

    /// <summary>
    /// GitLab answers 400 "Cannot transition status via :run from :running" when a status is set to the state it
    /// already has (a repeat after an unclear answer, or a context another writer moved): it is in place.
    /// </summary>
    protected override bool IsDelivered(ScmCommand command, ScmAnswer answer) =>
        answer.IsSuccess || (command.IsStatus && answer.StatusCode == 400 && answer.Body.Contains("Cannot transition status", StringComparison.Ordinal));

    private static string Project(ScmCommand command) => ScmHttp.Segment($"{command.Owner}/{command.Repository}");

    private static string Notes(ScmCommand command) =>
        $"projects/{Project(command)}/merge_requests/{command.Number?.ToString(CultureInfo.InvariantCulture)}/notes";

    private static ScmAnswer WithNote(ScmAnswer answer)
    {
        if (!answer.IsSuccess)
        {
            return answer;
        }

        try
        {
            return JsonSerializer.Deserialize(answer.Body, GitLabJson.Default.GitLabNote) is { Id: > 0 } note
                ? answer with { Comment = new ScmCommentRef(note.Id.ToString(CultureInfo.InvariantCulture)) }
                : answer;
        }
        catch (JsonException)
        {
            return answer;
        }
    }
}
