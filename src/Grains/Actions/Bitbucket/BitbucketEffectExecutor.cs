using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Actions.Bitbucket;

/// <summary>
/// The Bitbucket module's executor, both flavors with <c>Authorization: Bearer</c>, only the endpoints used:
/// Cloud (<c>&lt;base_url&gt;/2.0</c>) build statuses and pull request comments (<c>content.raw</c>); Data Center
/// (<c>&lt;base_url&gt;/rest/api/latest</c>) build statuses and pull request comments (<c>text</c>), each edit naming
/// the comment's <c>version</c> (kept in the ledger memo; read from the comment when unknown or stale). A status's
/// <c>key</c> is its context, shortened with a stable hash past 40 characters; its <c>name</c> is the context.
/// </summary>
internal sealed class BitbucketEffectExecutor(
    IOptionsMonitor<BitbucketOptions> options,
    SecretFileReader secrets,
    IHttpClientFactory httpClients,
    RelayMetrics metrics,
    TimeProvider time,
    ILogger<BitbucketEffectExecutor> logger) : ScmEffectExecutor(secrets, httpClients, metrics, time, logger)
{
    /// <summary>Comments (Cloud) or activities (Data Center) per page when looking for the marker, and the most pages read.</summary>
    private const int PerPage = 100;
    private const int MaxPages = 50;

    public override string Provider => BitbucketActionPlanner.Kind;

    protected override ScmInstanceOptions? FindInstance(string name) =>
        options.CurrentValue.Bitbucket.Find(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    protected override Uri ApiRoot(ScmInstanceOptions instance) =>
        ScmHttp.ApiRoot(instance.BaseUrl, IsDataCenter(instance) ? "rest/api/latest" : "2.0");

    protected override void Authorize(HttpRequestMessage request, string token) =>
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

    protected override Task<ScmAnswer> SetStatusAsync(ScmApiCall call, ScmCommand command)
    {
        var context = command.Context ?? "";
        var body = new BitbucketBuildStatusRequest(BitbucketStatusKey.For(context), command.State ?? "INPROGRESS", context, command.TargetUrl, command.Description);
        var path = IsDataCenter(call.Instance)
            ? $"{Repository(call, command)}/commits/{ScmHttp.Segment(command.Sha)}/builds"
            : $"{Repository(call, command)}/commit/{ScmHttp.Segment(command.Sha)}/statuses/build";
        return call.SendAsync(ScmHttp.Request(HttpMethod.Post, call.ApiRoot, path, body, BitbucketJson.Default.BitbucketBuildStatusRequest));
    }

    protected override async Task<ScmAnswer> CreateCommentAsync(ScmApiCall call, ScmCommand command)
    {
        if (IsDataCenter(call.Instance))
        {
            var created = await call.SendAsync(ScmHttp.Request(
                HttpMethod.Post, call.ApiRoot, Comments(call, command), new BitbucketDataCenterCommentRequest(command.Body ?? "", null),
                BitbucketJson.Default.BitbucketDataCenterCommentRequest, creates: true));
            return WithDataCenterComment(created);
        }

        var answer = await call.SendAsync(ScmHttp.Request(
            HttpMethod.Post, call.ApiRoot, Comments(call, command), CloudBody(command), BitbucketJson.Default.BitbucketCloudCommentRequest, creates: true));
        return answer.IsSuccess && Read(answer.Body, BitbucketJson.Default.BitbucketCloudComment) is { Id: > 0 } comment
            ? answer with { Comment = new ScmCommentRef(comment.Id.ToString(CultureInfo.InvariantCulture)) }
            : answer;
    }

    protected override async Task<ScmAnswer> EditCommentAsync(ScmApiCall call, ScmCommand command, ScmCommentRef comment)
    {
        var path = $"{Comments(call, command)}/{ScmHttp.Segment(comment.Id)}";
        if (!IsDataCenter(call.Instance))
        {
            var answer = await call.SendAsync(ScmHttp.Request(
                HttpMethod.Put, call.ApiRoot, path, CloudBody(command), BitbucketJson.Default.BitbucketCloudCommentRequest));
            return answer.IsSuccess ? answer with { Comment = comment } : answer;
        }

        // Data Center edits name the version they replace: the one remembered, else (or when stale) the current one.
        var version = comment.Version;
        for (var attempt = 0; ; attempt++)
        {
            if (version is null)
            {
                var current = await call.SendAsync(ScmHttp.Request(HttpMethod.Get, call.ApiRoot, path));
                if (!current.IsSuccess || Read(current.Body, BitbucketJson.Default.BitbucketDataCenterComment) is not { } read)
                {
                    return current.IsSuccess ? current with { StatusCode = (int)HttpStatusCode.BadGateway } : current;
                }

                version = read.Version;
            }

            var edited = await call.SendAsync(ScmHttp.Request(
                HttpMethod.Put, call.ApiRoot, path, new BitbucketDataCenterCommentRequest(command.Body ?? "", version),
                BitbucketJson.Default.BitbucketDataCenterCommentRequest));
            if (edited.StatusCode == (int)HttpStatusCode.Conflict && attempt == 0)
            {
                // Someone edited the comment since: read its version and edit once more.
                version = null;
                continue;
            }

            if (!edited.IsSuccess)
            {
                return edited;
            }

            // The answer carries the new version; without it, the next edit reads the comment first.
            var updated = WithDataCenterComment(edited);
            return updated.Comment is not null ? updated : edited with { Comment = comment with { Version = null } };
        }
    }

    protected override Task<ScmAnswer> FindCommentAsync(ScmApiCall call, ScmCommand command) =>
        IsDataCenter(call.Instance) ? FindDataCenterCommentAsync(call, command) : FindCloudCommentAsync(call, command);

    private static async Task<ScmAnswer> FindCloudCommentAsync(ScmApiCall call, ScmCommand command)
    {
        for (var page = 1; page <= MaxPages; page++)
        {
            var answer = await call.SendAsync(ScmHttp.Request(
                HttpMethod.Get, call.ApiRoot, $"{Comments(call, command)}?pagelen={PerPage}&page={page}"));
            if (!answer.IsSuccess)
            {
                return answer;
            }

            var comments = Read(answer.Body, BitbucketJson.Default.BitbucketCloudCommentPage);
            if (comments?.Values?.Find(c => !c.Deleted && HasMarker(c.Content?.Raw, command)) is { } mine)
            {
                return answer with { Body = "", Comment = new ScmCommentRef(mine.Id.ToString(CultureInfo.InvariantCulture)) };
            }

            if (comments?.Next is null)
            {
                break;
            }
        }

        return new ScmAnswer { StatusCode = 200 };
    }

    private static async Task<ScmAnswer> FindDataCenterCommentAsync(ScmApiCall call, ScmCommand command)
    {
        var start = 0;
        for (var page = 1; page <= MaxPages; page++)
        {
            var answer = await call.SendAsync(ScmHttp.Request(
                HttpMethod.Get, call.ApiRoot, $"{PullRequest(call, command)}/activities?start={start}&limit={PerPage}"));
            if (!answer.IsSuccess)
            {
                return answer;
            }

            var activities = Read(answer.Body, BitbucketJson.Default.BitbucketDataCenterActivityPage);
            if (activities?.Values?.Find(a => a.Action == "COMMENTED" && HasMarker(a.Comment?.Text, command))?.Comment is { } mine)
            {
                return answer with { Body = "", Comment = new ScmCommentRef(mine.Id.ToString(CultureInfo.InvariantCulture), Version: mine.Version) };
            }

            if (activities is null || activities.IsLastPage || activities.NextPageStart is not { } next)
            {
                break;
            }

            start = next;
        }

        return new ScmAnswer { StatusCode = 200 };
    }

    private static bool IsDataCenter(ScmInstanceOptions instance) => instance is BitbucketInstanceOptions { IsDataCenter: true };

    private static bool HasMarker(string? body, ScmCommand command) =>
        body is not null && command.Marker is { Length: > 0 } marker && body.Contains(marker, StringComparison.Ordinal);

    /// <summary>The repository's path: Cloud <c>repositories/{workspace}/{repo}</c>, Data Center <c>projects/{key}/repos/{repo}</c>.</summary>
    private static string Repository(ScmApiCall call, ScmCommand command) => IsDataCenter(call.Instance)
        ? $"projects/{ScmHttp.Segment(command.Owner)}/repos/{ScmHttp.Segment(command.Repository)}"
        : $"repositories/{ScmHttp.Segment(command.Owner)}/{ScmHttp.Segment(command.Repository)}";

    private static string PullRequest(ScmApiCall call, ScmCommand command) =>
        $"{Repository(call, command)}/{(IsDataCenter(call.Instance) ? "pull-requests" : "pullrequests")}/{command.Number?.ToString(CultureInfo.InvariantCulture)}";

    private static string Comments(ScmApiCall call, ScmCommand command) => $"{PullRequest(call, command)}/comments";

    private static BitbucketCloudCommentRequest CloudBody(ScmCommand command) => new(new BitbucketCloudContent(command.Body ?? ""));

    private static ScmAnswer WithDataCenterComment(ScmAnswer answer) =>
        answer.IsSuccess && Read(answer.Body, BitbucketJson.Default.BitbucketDataCenterComment) is { Id: > 0 } comment
            ? answer with { Comment = new ScmCommentRef(comment.Id.ToString(CultureInfo.InvariantCulture), Version: comment.Version) }
            : answer;

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
