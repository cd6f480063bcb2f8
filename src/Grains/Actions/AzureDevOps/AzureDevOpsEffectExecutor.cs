using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>
/// The Azure DevOps module's executor: the Git REST API (<c>api-version=7.1</c>) below
/// <c>&lt;base_url&gt;/&lt;organization&gt;/&lt;project&gt;/_apis/git/repositories/&lt;repo&gt;</c>, every path segment
/// URL-encoded (a project may contain spaces), the PAT as HTTP Basic with an empty user. Only the endpoints used:
/// commit statuses (context <c>{name, genre: "tekton"}</c>), and one pull request thread per run whose first comment
/// is edited in place (the ledger memo keeps the thread id beside the comment id).
/// </summary>
internal sealed class AzureDevOpsEffectExecutor(
    IOptionsMonitor<AzureDevOpsOptions> options,
    SecretFileReader secrets,
    IHttpClientFactory httpClients,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger<AzureDevOpsEffectExecutor> logger) : ScmEffectExecutor(secrets, httpClients, metrics, time, logger)
{
    /// <summary>The REST API version of every request.</summary>
    public const string ApiVersion = "api-version=7.1";

    /// <summary>The status context's <c>genre</c>.</summary>
    public const string Genre = "tekton";

    public override string Provider => AzureDevOpsActionPlanner.Kind;

    protected override ScmInstanceOptions? FindInstance(string name) =>
        options.CurrentValue.AzureDevOps.Find(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    protected override Uri ApiRoot(ScmInstanceOptions instance) =>
        ScmHttp.ApiRoot(instance.BaseUrl, ScmHttp.Segment((instance as AzureDevOpsInstanceOptions)?.Organization ?? ""));

    /// <summary>A personal access token is the password of HTTP Basic, with an empty user name.</summary>
    protected override void Authorize(HttpRequestMessage request, string token) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + token)));

    protected override Task<ScmAnswer> SetStatusAsync(ScmApiCall call, ScmCommand command) =>
        call.SendAsync(ScmHttp.Request(
            HttpMethod.Post, call.ApiRoot, $"{Repository(command)}/commits/{ScmHttp.Segment(command.Sha)}/statuses?{ApiVersion}",
            new AzureDevOpsStatusRequest(command.State ?? "pending", command.Description, command.TargetUrl, new AzureDevOpsStatusContext(command.Context ?? "", Genre)),
            AzureDevOpsJson.Default.AzureDevOpsStatusRequest));

    protected override async Task<ScmAnswer> CreateCommentAsync(ScmApiCall call, ScmCommand command)
    {
        var answer = await call.SendAsync(ScmHttp.Request(
            HttpMethod.Post, call.ApiRoot, $"{Threads(command)}?{ApiVersion}",
            new AzureDevOpsThreadRequest([new AzureDevOpsCommentRequest(command.Body ?? "", ParentCommentId: 0, CommentType: 1)], Status: 1),
            AzureDevOpsJson.Default.AzureDevOpsThreadRequest, creates: true));
        return answer.IsSuccess && Read(answer.Body, AzureDevOpsJson.Default.AzureDevOpsThread) is { Id: > 0, Comments: [{ Id: > 0 } first, ..] } thread
            ? answer with { Comment = Ref(thread, first) }
            : answer;
    }

    protected override async Task<ScmAnswer> EditCommentAsync(ScmApiCall call, ScmCommand command, ScmCommentRef comment)
    {
        if (comment.ParentId is not { Length: > 0 } thread)
        {
            // Without its thread the comment cannot be addressed: as if gone, so the run gets a thread again.
            return new ScmAnswer { StatusCode = 404, Body = "the thread of the run's comment is unknown" };
        }

        var answer = await call.SendAsync(ScmHttp.Request(
            HttpMethod.Patch, call.ApiRoot, $"{Threads(command)}/{ScmHttp.Segment(thread)}/comments/{ScmHttp.Segment(comment.Id)}?{ApiVersion}",
            new AzureDevOpsCommentRequest(command.Body ?? ""), AzureDevOpsJson.Default.AzureDevOpsCommentRequest));
        return answer.IsSuccess ? answer with { Comment = comment } : answer;
    }

    protected override async Task<ScmAnswer> FindCommentAsync(ScmApiCall call, ScmCommand command)
    {
        var answer = await call.SendAsync(ScmHttp.Request(HttpMethod.Get, call.ApiRoot, $"{Threads(command)}?{ApiVersion}"));
        if (!answer.IsSuccess)
        {
            return answer;
        }

        foreach (var thread in Read(answer.Body, AzureDevOpsJson.Default.AzureDevOpsThreadList)?.Value ?? [])
        {
            if (!thread.IsDeleted && thread.Comments?.Find(c => !c.IsDeleted && c.Content is { } content
                    && command.Marker is { Length: > 0 } marker && content.Contains(marker, StringComparison.Ordinal)) is { } mine)
            {
                return answer with { Body = "", Comment = Ref(thread, mine) };
            }
        }

        return new ScmAnswer { StatusCode = 200 };
    }

    private static string Repository(ScmCommand command) =>
        $"{ScmHttp.Segment(command.Owner)}/_apis/git/repositories/{ScmHttp.Segment(command.Repository)}";

    private static string Threads(ScmCommand command) =>
        $"{Repository(command)}/pullRequests/{command.Number?.ToString(CultureInfo.InvariantCulture)}/threads";

    private static ScmCommentRef Ref(AzureDevOpsThread thread, AzureDevOpsComment comment) =>
        new(comment.Id.ToString(CultureInfo.InvariantCulture), thread.Id.ToString(CultureInfo.InvariantCulture));

    private static T? Read<T>(string body, JsonTypeInfo<T> type)
    {
        try
        {
            return body.Length == 0 ? default : JsonSerializer.Deserialize(body, type);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}
