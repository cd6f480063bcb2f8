using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.Gitea;

/// <summary>
/// The Gitea module's executor (Gitea and Forgejo): the REST API below <c>&lt;base_url&gt;/api/v1</c> with
/// <c>Authorization: token &lt;t&gt;</c>, only the endpoints used — commit statuses, and pull request (issue)
/// comments: create, edit, list to find the marker.
/// </summary>
internal sealed class GiteaEffectExecutor(
    IOptionsMonitor<GiteaOptions> options,
    SecretFileReader secrets,
    IHttpClientFactory httpClients,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger<GiteaEffectExecutor> logger) : ScmEffectExecutor(secrets, httpClients, metrics, time, logger)
{
    /// <summary>Comments per page when looking for the marker, and the most pages read.</summary>
    private const int PerPage = 50;
    private const int MaxPages = 50;

    public override string Provider => GiteaActionPlanner.Kind;

    protected override ScmInstanceOptions? FindInstance(string name) =>
        options.CurrentValue.Gitea.Find(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    protected override Uri ApiRoot(ScmInstanceOptions instance) => ScmHttp.ApiRoot(instance.BaseUrl, "api/v1");

    protected override void Authorize(HttpRequestMessage request, string token) =>
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("token", token);

    protected override Task<ScmAnswer> SetStatusAsync(ScmApiCall call, ScmCommand command) =>
        call.SendAsync(ScmHttp.Request(
            HttpMethod.Post, call.ApiRoot, $"{Repo(command)}/statuses/{ScmHttp.Segment(command.Sha)}",
            new GiteaStatusRequest(command.State ?? "pending", command.Context ?? "", command.TargetUrl, command.Description),
            GiteaJson.Default.GiteaStatusRequest));

    protected override async Task<ScmAnswer> CreateCommentAsync(ScmApiCall call, ScmCommand command)
    {
        var answer = await call.SendAsync(ScmHttp.Request(
            HttpMethod.Post, call.ApiRoot, $"{Repo(command)}/issues/{Number(command)}/comments",
            new GiteaCommentRequest(command.Body ?? ""), GiteaJson.Default.GiteaCommentRequest, creates: true));
        return WithComment(answer);
    }

    protected override async Task<ScmAnswer> EditCommentAsync(ScmApiCall call, ScmCommand command, ScmCommentRef comment)
    {
        var answer = await call.SendAsync(ScmHttp.Request(
            HttpMethod.Patch, call.ApiRoot, $"{Repo(command)}/issues/comments/{ScmHttp.Segment(comment.Id)}",
            new GiteaCommentRequest(command.Body ?? ""), GiteaJson.Default.GiteaCommentRequest));
        return answer.IsSuccess ? answer with { Comment = comment } : answer;
    }

    protected override async Task<ScmAnswer> FindCommentAsync(ScmApiCall call, ScmCommand command)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            var answer = await call.SendAsync(ScmHttp.Request(
                HttpMethod.Get, call.ApiRoot, $"{Repo(command)}/issues/{Number(command)}/comments?page={page}&limit={PerPage}"));
            if (!answer.IsSuccess)
            {
                return answer;
            }

            var comments = JsonSerializer.Deserialize(answer.Body, GiteaJson.Default.ListGiteaComment) ?? [];
            if (comments.Find(c => c.Body is { } body && command.Marker is { Length: > 0 } marker && body.Contains(marker, StringComparison.Ordinal)) is { } mine)
            {
                return answer with { Body = "", Comment = new ScmCommentRef(mine.Id.ToString(CultureInfo.InvariantCulture)) };
            }

            if (comments.Count < PerPage)
            {
                break;
            }
        }

        return new ScmAnswer { StatusCode = 200 };
    }

    private static string Repo(ScmCommand command) => $"repos/{ScmHttp.Segment(command.Owner)}/{ScmHttp.Segment(command.Repository)}";

    private static string Number(ScmCommand command) => command.Number?.ToString(CultureInfo.InvariantCulture) ?? "0";

    private static ScmAnswer WithComment(ScmAnswer answer)
    {
        if (!answer.IsSuccess)
        {
            return answer;
        }

        try
        {
            return JsonSerializer.Deserialize(answer.Body, GiteaJson.Default.GiteaComment) is { Id: > 0 } comment
                ? answer with { Comment = new ScmCommentRef(comment.Id.ToString(CultureInfo.InvariantCulture)) }
                : answer;
        }
        catch (JsonException)
        {
            return answer;
        }
    }
}
