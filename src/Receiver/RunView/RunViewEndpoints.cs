using Relay.DeadLetters;
using Relay.Receiver.Api;
using Relay.Receiver.Auth;
using Relay.Receiver.Diagnostics;
using Relay.Runs;
using Relay.Runs.Index;

namespace Relay.Receiver.RunView;

/// <summary>
/// The run view: server-rendered HTML pages under <c>/ui</c>, behind the API's operator policy (same auth as
/// <c>/api/v1</c>), no script. <c>GET /ui</c> lists runs, <c>GET /ui/runs/{namespace}/{name}</c> shows one, and
/// <c>POST /ui/dead-letters/{id}/replay</c> (the replay button's form) replays a dead letter and redirects back to its run.
/// </summary>
public static partial class RunViewEndpoints
{
    /// <summary>How many dead letters of one run the run page shows.</summary>
    private const int LettersShown = 100;

    public static IEndpointRouteBuilder MapRelayRunView(this IEndpointRouteBuilder endpoints)
    {
        var ui = endpoints.MapGroup(RunViewPaths.Root).RequireAuthorization(RelayAuthorization.OperatorPolicy);
        ui.MapGet("", ListAsync).WithName("RunViewList");
        ui.MapGet("/runs/{namespace}/{name}", (string @namespace, string name, HttpContext context, IGrainFactory grains, IConfiguration configuration, ILogger<ProviderLinks> logger) =>
            RunAsync(PipelineRunKey.For(@namespace, name), context, grains, configuration, logger)).WithName("RunViewRun");
        ui.MapGet("/runs/{namespace}/taskrun/{name}", (string @namespace, string name, HttpContext context, IGrainFactory grains, IConfiguration configuration, ILogger<ProviderLinks> logger) =>
            RunAsync(PipelineRunKey.ForStandalone(RunKind.TaskRun, @namespace, name), context, grains, configuration, logger)).WithName("RunViewTaskRun");
        ui.MapGet("/runs/{namespace}/customrun/{name}", (string @namespace, string name, HttpContext context, IGrainFactory grains, IConfiguration configuration, ILogger<ProviderLinks> logger) =>
            RunAsync(PipelineRunKey.ForStandalone(RunKind.CustomRun, @namespace, name), context, grains, configuration, logger)).WithName("RunViewCustomRun");
        ui.MapPost("/dead-letters/{id}/replay", ReplayAsync).WithName("RunViewReplay");
        return endpoints;
    }

    private static async Task<IResult> ListAsync(HttpContext context, IGrainFactory grains, ILogger<ProviderLinks> logger)
    {
        var request = context.Request.Query;
        if (RunListQueryString.Parse(request, out var error) is not { } query)
        {
            return Page(RunListView.RenderProblem(request, error!), StatusCodes.Status400BadRequest);
        }

        try
        {
            return Page(RunListView.Render(request, await grains.ListRunsAsync(query)));
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(logger, exception);
        }
    }

    private static async Task<IResult> RunAsync(string runKey, HttpContext context, IGrainFactory grains, IConfiguration configuration, ILogger<ProviderLinks> logger)
    {
        try
        {
            var run = await grains.GetGrain<IPipelineRunGrain>(runKey).GetSnapshotAsync();
            if (!run.Exists)
            {
                return Page(RunDetailView.RenderNotFound(runKey), StatusCodes.Status404NotFound);
            }

            var letters = await grains.GetDeadLetterStore().ListAsync(new DeadLetterQuery
            {
                Filter = new DeadLetterFilter { RunPrefix = runKey },
                Limit = LettersShown,
            });
            var notice = NoticeOf(context.Request.Query);
            return Page(RunDetailView.Render(run, [.. letters.Items.Where(l => l.RunKey == runKey)], new ProviderLinks(configuration), notice));
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(logger, exception);
        }
    }

    /// <summary>
    /// The replay button: replays the letter as <c>POST /api/v1/dead-letters/{id}/replay</c> does, then sends the browser
    /// back to the letter's run (303 See Other) with the outcome. Refuses a form posted from another site (403), since a browser
    /// sends no bearer secret and, with auth off, any page could otherwise make it post here.
    /// </summary>
    private static async Task<IResult> ReplayAsync(string id, HttpContext context, IGrainFactory grains, ILogger<ProviderLinks> logger)
    {
        if (IsCrossSite(context.Request))
        {
            return Page(Message("Refused", "A replay must be posted from Relay's own run view."), StatusCodes.Status403Forbidden);
        }

        DeadLetterReplay replay;
        try
        {
            replay = await grains.GetDeadLetterStore().ReplayAsync(id);
        }
        catch (Exception exception) when (!context.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(logger, exception);
        }

        if (replay.Status == DeadLetterReplayStatus.NotFound)
        {
            return Page(Message("Dead letter not found", $"No dead letter with id '{id}' (replayed, purged or never stored)."), StatusCodes.Status404NotFound);
        }

        // Back to the letter's run; the form names it too, for an answer without the letter. The path is built here from
        // a run key, each segment escaped, so it never leaves this site.
        var runKey = replay.Letter?.RunKey;
        if (runKey is null && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            runKey = form["run"].ToString() is { Length: > 0 } named ? named : null;
        }

        var outcome = DeadLetterReplay.Tag(replay.Status);
        var back = runKey is null ? RunViewPaths.Root : RunViewPaths.Run(runKey);
        // 303: the browser follows with a GET (post, redirect, get), so a reload does not post the replay again.
        context.Response.Headers.Location = $"{back}?replayed={Uri.EscapeDataString(id)}&outcome={Uri.EscapeDataString(outcome)}"
            + (replay.Error is { } failure ? "&error=" + Uri.EscapeDataString(failure) : "");
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>A form from another site: its <c>Sec-Fetch-Site</c> says so, or its <c>Origin</c> is not this host.</summary>
    internal static bool IsCrossSite(HttpRequest request)
    {
        if (request.Headers["Sec-Fetch-Site"].ToString() is "cross-site" or "same-site")
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin))
        {
            return false;
        }

        return !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static RunDetailView.Notice? NoticeOf(IQueryCollection query)
    {
        if (query["replayed"].ToString() is not { Length: > 0 } id)
        {
            return null;
        }

        var outcome = query["outcome"].ToString();
        var error = query["error"].ToString();
        var text = outcome switch
        {
            "enqueued" => $"Dead letter {id} replayed: its effect is queued for delivery again.",
            "already_delivered" => $"Dead letter {id}: the ledger says this effect was delivered since; nothing posted.",
            "superseded" => $"Dead letter {id}: a newer decision superseded it; nothing posted.",
            "skipped" => $"Dead letter {id} is already being replayed.",
            _ => $"Dead letter {id}: replay {outcome}." + (error.Length > 0 ? " " + error : ""),
        };
        return new RunDetailView.Notice(text, outcome is not ("enqueued" or "already_delivered" or "superseded" or "skipped"));
    }

    private static Html Message(string title, string text) => new Html().Element("h1", title).Element("p", text);

    private static IResult Page(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    private static IResult Page(Html body, int status) => Page(RunViewLayout.Page("Relay", body), status);

    private static IResult Unavailable(ILogger logger, Exception exception)
    {
        Log.ClusterUnavailable(logger, exception);
        return Page(Message("Cluster unavailable", "The cluster cannot answer now; reload in a moment."), StatusCodes.Status503ServiceUnavailable);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.RunViewUnavailable, EventName = "RunViewUnavailable", Level = LogLevel.Warning,
            Message = "The run view could not reach the cluster; answered 503")]
        public static partial void ClusterUnavailable(ILogger logger, Exception exception);
    }
}
