using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Relay.DeadLetters;
using Relay.Receiver.Diagnostics;

namespace Relay.Receiver.Api;

/// <summary>
/// <c>/api/v1/dead-letters</c>: list, get, replay and purge the actions that failed for good (SPEC §6). Mapped inside
/// the operator-authorised <c>/api/v1</c> group, so every host (all-in-one, split receiver) serves the same routes.
/// The cluster's trouble answers 503, as the intake does.
/// </summary>
public static partial class DeadLettersApi
{
    private static readonly HashSet<string> ListParameters = new(StringComparer.Ordinal) { "limit", "cursor" };
    private static readonly HashSet<string> ReplayParameters = new(StringComparer.Ordinal) { "all", "include_replaying" };
    /// <summary>How long a bulk replay request waits for its job before answering with the progress so far.</summary>
    internal static readonly TimeSpan BulkReplayWait = TimeSpan.FromSeconds(2);

    private static readonly HashSet<string> PurgeParameters = new(StringComparer.Ordinal) { "all" };

    internal static RouteGroupBuilder MapDeadLettersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/dead-letters");
        group.MapGet("/", ListAsync).WithName("ListDeadLetters");
        group.MapGet("/{id}", GetAsync).WithName("GetDeadLetter");
        group.MapPost("/{id}/replay", ReplayAsync).WithName("ReplayDeadLetter");
        group.MapPost("/replay", ReplayManyAsync).WithName("ReplayDeadLetters");
        group.MapGet("/replay-jobs/{id}", GetReplayJobAsync).WithName("GetDeadLetterReplayJob");
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteDeadLetter");
        group.MapDelete("/", PurgeAsync).WithName("PurgeDeadLetters");
        return api;
    }

    private static async Task<Results<Ok<DeadLetterList>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> ListAsync(
        HttpRequest request, [AsParameters] DeadLetterServices services)
    {
        if (DeadLetterFilterQuery.Parse(request.Query, services.Time.GetUtcNow(), ListParameters, out var error) is not { } query)
        {
            return TypedResults.BadRequest(error);
        }

        try
        {
            var page = await services.Store.ListAsync(new DeadLetterQuery { Filter = query.Filter, Limit = query.Limit, After = query.Cursor });
            return TypedResults.Ok(new DeadLetterList(page.Items, page.Total, page.Next?.Encode()));
        }
        catch (Exception exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(services, exception);
        }
    }

    private static async Task<Results<Ok<DeadLetter>, NotFound<ApiError>, JsonHttpResult<ApiError>>> GetAsync(
        string id, HttpRequest request, [AsParameters] DeadLetterServices services)
    {
        try
        {
            return await services.Store.GetAsync(id) is { } letter ? TypedResults.Ok(letter) : NotFound(id);
        }
        catch (Exception exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(services, exception);
        }
    }

    private static async Task<Results<Accepted<ReplayAnswer>, NotFound<ApiError>, JsonHttpResult<ReplayAnswer>, JsonHttpResult<ApiError>>> ReplayAsync(
        string id, HttpRequest request, [AsParameters] DeadLetterServices services)
    {
        DeadLetterReplay replay;
        try
        {
            replay = await services.Store.ReplayAsync(id);
        }
        catch (Exception exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(services, exception);
        }

        var answer = new ReplayAnswer(DeadLetterReplay.Tag(replay.Status), replay.Letter, replay.Error);
        return replay.Status switch
        {
            DeadLetterReplayStatus.NotFound => NotFound(id),
            // The run grain could not take it: the entry is failed again and may be replayed later.
            DeadLetterReplayStatus.Failed => TypedResults.Json(answer, statusCode: StatusCodes.Status503ServiceUnavailable),
            _ => TypedResults.Accepted((string?)null, answer),
        };
    }

    /// <summary>
    /// Starts a bulk replay job and answers 202 with it and its <c>Location</c>. It waits up to
    /// <see cref="BulkReplayWait"/> for the job, so a small set answers finished, with its counts, as before jobs.
    /// </summary>
    private static async Task<Results<Accepted<DeadLetterReplayJob>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> ReplayManyAsync(
        HttpRequest request, [AsParameters] DeadLetterServices services)
    {
        if (DeadLetterFilterQuery.Parse(request.Query, services.Time.GetUtcNow(), ReplayParameters, out var error) is not { } query)
        {
            return TypedResults.BadRequest(error);
        }

        if (!query.NamesItsEntries)
        {
            return TypedResults.BadRequest(ApiError.Parameter("all", "no filter given: add filters, or all=true to replay every dead letter"));
        }

        try
        {
            var id = Guid.NewGuid().ToString("N");
            var job = services.Grains.GetDeadLetterReplayJob(id);
            var started = await job.StartAsync(query.Filter, query.IncludeReplaying);
            var current = started.State == DeadLetterReplayJobStates.Running ? await job.WaitAsync(BulkReplayWait) ?? started : started;
            return TypedResults.Accepted(ReplayJobPath(request, id), current);
        }
        catch (Exception exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(services, exception);
        }
    }

    private static async Task<Results<Ok<DeadLetterReplayJob>, NotFound<ApiError>, JsonHttpResult<ApiError>>> GetReplayJobAsync(
        string id, HttpRequest request, [AsParameters] DeadLetterServices services)
    {
        // Job ids are the 32 hex digits the API hands out; anything else names no job (and activates no grain).
        if (!Guid.TryParseExact(id, "N", out _) || !string.Equals(id, id.ToLowerInvariant(), StringComparison.Ordinal))
        {
            return TypedResults.NotFound(ApiError.Of($"no replay job with id '{id}'"));
        }

        try
        {
            return await services.Grains.GetDeadLetterReplayJob(id).GetAsync() is { } job
                ? TypedResults.Ok(job)
                : TypedResults.NotFound(ApiError.Of($"no replay job with id '{id}' (never started, or finished more than a day ago)"));
        }
        catch (Exception exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(services, exception);
        }
    }

    /// <summary>The job's address under the same prefix the request came in on (the API may sit behind a path base).</summary>
    private static string ReplayJobPath(HttpRequest request, string id) => $"{request.PathBase}/api/v1/dead-letters/replay-jobs/{id}";

    private static async Task<Results<NoContent, NotFound<ApiError>, JsonHttpResult<ApiError>>> DeleteAsync(
        string id, HttpRequest request, [AsParameters] DeadLetterServices services)
    {
        try
        {
            return await services.Store.RemoveAsync(id) is null ? NotFound(id) : TypedResults.NoContent();
        }
        catch (Exception exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(services, exception);
        }
    }

    private static async Task<Results<Ok<PurgeAnswer>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> PurgeAsync(
        HttpRequest request, [AsParameters] DeadLetterServices services)
    {
        if (DeadLetterFilterQuery.Parse(request.Query, services.Time.GetUtcNow(), PurgeParameters, out var error) is not { } query)
        {
            return TypedResults.BadRequest(error);
        }

        if (!query.NamesItsEntries)
        {
            return TypedResults.BadRequest(ApiError.Parameter("all", "no filter given: add filters, or all=true to purge every dead letter"));
        }

        try
        {
            return TypedResults.Ok(new PurgeAnswer(await services.Store.PurgeAsync(query.Filter)));
        }
        catch (Exception exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return Unavailable(services, exception);
        }
    }

    private static NotFound<ApiError> NotFound(string id) => TypedResults.NotFound(ApiError.Of($"no dead letter with id '{id}' (replayed, purged or never stored)"));

    private static JsonHttpResult<ApiError> Unavailable(DeadLetterServices services, Exception exception)
    {
        Log.ClusterUnavailable(services.Logger, exception);
        return TypedResults.Json(ApiError.Of("the cluster cannot answer now; retry"), statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>What the handlers need, bound by <c>[AsParameters]</c>.</summary>
    internal sealed record DeadLetterServices(IGrainFactory Grains, TimeProvider Time, ILogger<DeadLetterServices> Logger)
    {
        public IDeadLetterStoreGrain Store => Grains.GetDeadLetterStore();
    }

    /// <summary>A page of <c>GET /api/v1/dead-letters</c>; items carry no command body (get one entry for it).</summary>
    public sealed record DeadLetterList(
        [property: JsonPropertyName("items")] IReadOnlyList<DeadLetter> Items,
        [property: JsonPropertyName("total")] int Total,
        [property: JsonPropertyName("next_cursor")] string? NextCursor);

    /// <summary>The answer to a replay of one entry.</summary>
    public sealed record ReplayAnswer(
        [property: JsonPropertyName("outcome")] string Outcome,
        [property: JsonPropertyName("entry")] DeadLetter? Entry,
        [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);

    /// <summary>The answer to a purge.</summary>
    public sealed record PurgeAnswer([property: JsonPropertyName("purged")] int Purged);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DeadLetterApiUnavailable, EventName = "DeadLetterApiUnavailable", Level = LogLevel.Warning,
            Message = "The dead-letter API could not reach the cluster; answered 503")]
        public static partial void ClusterUnavailable(ILogger logger, Exception exception);
    }
}
