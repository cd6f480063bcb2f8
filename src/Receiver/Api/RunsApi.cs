using Microsoft.AspNetCore.Http.HttpResults;
using Relay.Receiver.Auth;
using Relay.Runs;

namespace Relay.Receiver.Api;

/// <summary><c>GET /api/v1/runs/{namespace}/{name}</c>: what Relay knows of a run (SPEC §7).</summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRelayApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").RequireAuthorization(RelayAuthorization.OperatorPolicy);
        api.MapGet("/runs/{namespace}/{name}", GetRunAsync).WithName("GetRun");
        api.MapGet("/runs/{namespace}/taskrun/{name}", GetStandaloneTaskRunAsync).WithName("GetStandaloneTaskRun");
        api.MapDeadLettersApi();
        return endpoints;
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
}
