using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Relay.Reconcile;
using Relay.Runs;

namespace Relay.Receiver.Tekton;

/// <summary>
/// Turns PipelineRun and TaskRun objects read from the Kubernetes API into the CloudEvents Tekton would have sent for
/// them (same body shape: <c>{"pipelineRun": object}</c>; same type rule: the Succeeded condition), so the reconciler
/// feeds them through <see cref="TektonEventDecoder"/> like any event. The CloudEvent id is stable per (kind, uid,
/// resourceVersion): scans that see an unchanged object make the same event key, which the event grain deduplicates.
/// </summary>
internal static class TektonObjects
{
    /// <summary>The message a run deleted before it finished ends with.</summary>
    public const string DeletedMessage = "run deleted before it finished";

    private static readonly string[] KeptPrefixes =
    [
        TektonAnnotations.Prefix, TektonAnnotations.AliasPrefix, TektonAnnotations.PacPrefix, "tekton.dev/", TektonAnnotations.LabelManagedBy,
    ];

    /// <summary>The CloudEvent for an API object of <paramref name="kind"/> (PipelineRun or TaskRun).</summary>
    public static TektonCloudEvent ToCloudEvent(RunKind kind, JsonElement resource, DateTimeOffset now)
    {
        var metadata = resource.TryGetProperty("metadata", out var m) ? m : default;
        var name = TektonEventDecoder.String(metadata, "name") ?? "";
        var ns = TektonEventDecoder.String(metadata, "namespace") ?? "";
        var uid = TektonEventDecoder.String(metadata, "uid") ?? name;
        var version = TektonEventDecoder.String(metadata, "resourceVersion") ?? "0";
        var suffix = Suffix(Condition(resource));
        return Wrap(kind, ns, name, $"reconcile:{KindName(kind)}:{uid}:{version}", suffix, resource, now);
    }

    /// <summary>
    /// The "failed" event of a PipelineRun (or one of its TaskRuns) deleted before it finished: reason
    /// <see cref="TektonStateMapper.DeletedReason"/>, which the state mapper maps to <c>error</c>. Its transition time is
    /// the last time the reconciler saw the run alive, so a real terminal event of the run (necessarily later) still wins.
    /// </summary>
    public static TektonCloudEvent Deleted(WatchedRun run, ResourceSnapshot? task, string? pipelineName, DateTimeOffset now)
    {
        var seen = Stamp(run.LastSeenAt);
        var labels = new JsonObject();
        foreach (var (key, value) in run.Labels)
        {
            labels[key] = value;
        }

        var annotations = new JsonObject();
        foreach (var (key, value) in run.Annotations)
        {
            annotations[key] = value;
        }

        var kind = task is null ? RunKind.PipelineRun : RunKind.TaskRun;
        var name = run.Name;
        if (task is not null)
        {
            name = task.ResourceName ?? $"{run.Name}-{task.Name}";
            labels[TektonAnnotations.LabelPipelineRun] = run.Name;
            labels[TektonAnnotations.LabelPipelineRunUid] = run.Uid;
            labels[TektonAnnotations.LabelPipelineTask] = task.Name;
        }

        if (pipelineName is not null && !labels.ContainsKey(TektonAnnotations.LabelPipeline))
        {
            labels[TektonAnnotations.LabelPipeline] = pipelineName;
        }

        var resource = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = run.Namespace,
                ["uid"] = task is null ? run.Uid : null,
                ["labels"] = labels,
                ["annotations"] = annotations,
            },
            ["status"] = new JsonObject
            {
                ["conditions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Succeeded",
                    ["status"] = "False",
                    ["reason"] = TektonStateMapper.DeletedReason,
                    ["message"] = DeletedMessage,
                    ["lastTransitionTime"] = seen,
                }),
                ["completionTime"] = seen,
            },
        };
        var id = $"reconcile:{KindName(kind)}:{run.Uid}/{name}:deleted";
        return Wrap(kind, run.Namespace, name, id, "failed", JsonSerializer.SerializeToElement(resource), now);
    }

    /// <summary>The labels and annotations of an object that say where it reports (kept for a deleted run's last event).</summary>
    public static ImmutableDictionary<string, string> Kept(JsonElement metadata, string property)
    {
        var kept = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(property, out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String && KeptPrefixes.Any(p => entry.Name.StartsWith(p, StringComparison.Ordinal)))
                {
                    kept[entry.Name] = entry.Value.GetString()!;
                }
            }
        }

        return kept.ToImmutable();
    }

    /// <summary>The object's last state change: the Succeeded condition's transition, else its creation.</summary>
    public static DateTimeOffset? LastChange(JsonElement resource)
    {
        var transition = Condition(resource) is { } condition ? Time(TektonEventDecoder.String(condition, "lastTransitionTime")) : null;
        var created = resource.TryGetProperty("metadata", out var metadata) ? Time(TektonEventDecoder.String(metadata, "creationTimestamp")) : null;
        return transition ?? created;
    }

    /// <summary>Tekton's <c>getEventType</c>: no condition → queued; Unknown → started/running/unknown by reason; True; False.</summary>
    private static string Suffix(JsonElement? condition)
    {
        if (condition is not { } c)
        {
            return "queued";
        }

        return TektonEventDecoder.String(c, "status") switch
        {
            "True" => "successful",
            "False" => "failed",
            _ => TektonEventDecoder.String(c, "reason") switch
            {
                "Started" => "started",
                "Running" => "running",
                _ => "unknown",
            },
        };
    }

    private static JsonElement? Condition(JsonElement resource)
    {
        if (resource.ValueKind != JsonValueKind.Object || !resource.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.Object
            || !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var condition in conditions.EnumerateArray())
        {
            if (TektonEventDecoder.String(condition, "type") == "Succeeded")
            {
                return condition;
            }
        }

        return null;
    }

    private static TektonCloudEvent Wrap(RunKind kind, string ns, string name, string id, string suffix, JsonElement resource, DateTimeOffset now)
    {
        var root = kind == RunKind.PipelineRun ? "pipelineRun" : "taskRun";
        var data = new JsonObject { [root] = JsonNode.Parse(resource.GetRawText()) };
        var plural = kind == RunKind.PipelineRun ? "pipelineruns" : "taskruns";
        return new TektonCloudEvent(
            id,
            $"/apis/tekton.dev/v1/namespaces/{ns}/{plural}/{name}",
            $"dev.tekton.event.{KindName(kind)}.{suffix}.v1",
            now,
            JsonSerializer.SerializeToElement(data));
    }

    private static string KindName(RunKind kind) => kind == RunKind.PipelineRun ? "pipelinerun" : "taskrun";

    private static DateTimeOffset? Time(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
