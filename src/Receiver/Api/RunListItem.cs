using System.Text.Json.Serialization;
using Relay.Runs.Index;

namespace Relay.Receiver.Api;

/// <summary>One run of <c>GET /api/v1/runs</c>; a stable API shape (the command line reads it).</summary>
public sealed record RunListItem(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("uid")] string? Uid,
    [property: JsonPropertyName("pipeline")] string? Pipeline,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("repository")] string? Repository,
    [property: JsonPropertyName("commit")] string? Commit,
    [property: JsonPropertyName("pr")] long? PullRequest,
    [property: JsonPropertyName("provider")] string? Provider,
    [property: JsonPropertyName("first_event_at")] DateTimeOffset FirstEventAt,
    [property: JsonPropertyName("last_event_at")] DateTimeOffset LastEventAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("effects")] RunEffectCounts Effects)
{
    /// <summary>The API item of an index summary.</summary>
    public static RunListItem Of(RunSummary run) => new(
        run.Namespace,
        run.Name,
        run.Uid,
        run.Pipeline,
        RunListQueryString.Name(run.State),
        run.Repository,
        run.Commit,
        run.PullRequest,
        run.Provider,
        run.FirstEventAt,
        run.LastEventAt,
        run.FinishedAt,
        new RunEffectCounts(run.Delivered, run.Pending, run.DeadLettered));
}
