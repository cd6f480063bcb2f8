using Microsoft.AspNetCore.Http.HttpResults;
using Relay.Receiver.Auth;
using Relay.Receiver.Diagnostics;
using Relay.Runs;
using Relay.Runs.Index;

namespace Relay.Receiver.Api;

/// <summary>
/// <c>GET /api/v1/runs</c>: recent runs from the cluster-wide run index, filtered and paged (newest first);
/// <c>GET /api/v1/runs/{namespace}/{name}</c>: what Relay knows of one run (SPEC §7).
/// </summary>
public static partial class RunsApi
{
    public static IEndpointRouteBuilder MapRelayApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").RequireAuthorization(RelayAuthorization.OperatorPolicy);
        api.MapGet("/runs", ListAsync).WithName("ListRuns");
        api.MapGet("/runs/{namespace}/{name}", GetRunAsync).WithName("GetRun");
        api.MapGet("/runs/{namespace}/taskrun/{name}", GetStandaloneTaskRunAsync).WithName("GetStandaloneTaskRun");
        api.MapDeadLettersApi();
        return endpoints;
    }

    private static async Task<Results<Ok<RunList>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> ListAsync(
        HttpRequest request, IGrainFactory grains, ILogger<RunList> logger)
    {
        if (RunListQueryString.Parse(request.Query, out var error) is not { } query)
        {
            return TypedResults.BadRequest(error);
        }

        try
        {
            var page = await grains.ListRunsAsync(query);
            return TypedResults.Ok(new RunList([.. page.Items.Select(RunListItem.Of)], page.Next?.Encode()));
        }
        catch (Exception exception) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            Log.ClusterUnavailable(logger, exception);
            return TypedResults.Json(ApiError.Of("the cluster cannot answer now; retry"), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static Task<Results<Ok<RunSnapshot>, NotFound<string>>> GetRunAsync(string @namespace, string name, IGrainFactory grains) =>
        GetAsync(PipelineRunKey.For(@namespace, name), grains);

    private static Task<Results<Ok<RunSnapshot>, NotFound<string>>> GetStandaloneTaskRunAsync(string @namespace, string name, IGrainFactory grains) =>
        GetAsync(PipelineRunKey.ForStandalone(RunKind.TaskRun, @namespace, name), grains);

    private static async Task<Results<Ok<RunSnapshot>, NotFound<string>>> GetAsync(string runKey, IGrainFactory grains)
    {
        var snapshot = await grains.GetGrain<IPipelineRunGrain>(runKey).GetSnapshotAsync();
        return snapshot.Exists ? TypedResults.Ok(snapshot) : TypedResults.NotFound($"Relay has recorded no event of run {runKey}");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.RunListUnavailable, EventName = "RunListUnavailable", Level = LogLevel.Warning,
            Message = "The run listing could not reach the cluster; answered 503")]
        public static partial void ClusterUnavailable(ILogger logger, Exception exception);
    }
}
