using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.RegularExpressions;
using Relay.Events;
using Relay.Runs;

namespace Relay.Receiver.Tekton;

/// <summary>
/// Turns a Tekton CloudEvent into a <see cref="RelayEvent"/> (SPEC §2). Pure: no I/O, no Orleans, no HTTP.
/// The structure that identifies a run (root key, metadata name and namespace) must be right or the event is
/// invalid; everything else is read leniently, because a wrong optional field must not lose an event.
/// </summary>
internal static partial class TektonEventDecoder
{
    private const string TypePrefix = "dev.tekton.event.";

    public static DecodeResult Decode(TektonCloudEvent cloudEvent)
    {
        if (!TryParseType(cloudEvent.Type, out var kind, out var suffix))
        {
            return DecodeResult.Unsupported($"event type '{cloudEvent.Type}' is not a Tekton TaskRun, PipelineRun or CustomRun event");
        }

        var rootKey = kind switch
        {
            RunKind.PipelineRun => "pipelineRun",
            RunKind.TaskRun => "taskRun",
            _ => "customRun",
        };
        // JsonDocument checks structure but not the UTF-8 inside strings: reading such a string later would throw.
        if (!Utf8.IsValid(JsonMarshal.GetRawUtf8Value(cloudEvent.Data)))
        {
            return DecodeResult.Invalid($"the body of a {cloudEvent.Type} event is not valid UTF-8");
        }

        if (cloudEvent.Data.ValueKind != JsonValueKind.Object)
        {
            return DecodeResult.Invalid($"the body of a {cloudEvent.Type} event must be a JSON object with a '{rootKey}' key");
        }

        if (!cloudEvent.Data.TryGetProperty(rootKey, out var resource) || resource.ValueKind != JsonValueKind.Object)
        {
            var found = string.Join(", ", cloudEvent.Data.EnumerateObject().Select(p => $"'{p.Name}'").Take(5));
            return DecodeResult.Invalid($"the body of a {cloudEvent.Type} event must hold an object under '{rootKey}' (found {(found.Length == 0 ? "no keys" : found)})");
        }

        if (!resource.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            return DecodeResult.Invalid($"'{rootKey}.metadata' is missing or not an object");
        }

        var name = String(metadata, "name");
        var ns = String(metadata, "namespace");
        if (!IsKubernetesName(name))
        {
            return DecodeResult.Invalid($"'{rootKey}.metadata.name' is missing or not a Kubernetes object name");
        }

        if (!IsKubernetesName(ns))
        {
            return DecodeResult.Invalid($"'{rootKey}.metadata.namespace' is missing or not a Kubernetes namespace name");
        }

        var labels = StringMap(metadata, "labels");
        var annotations = StringMap(metadata, "annotations");
        var status = Object(resource, "status");
        var spec = Object(resource, "spec");
        var condition = SucceededCondition(status);
        var reason = condition is { } c ? String(c, "reason") : null;
        var (state, timedOut) = TektonStateMapper.Map(suffix, reason);

        // Children of a PipelineRun report into its run grain (SPEC §2 run linkage).
        var parent = kind == RunKind.PipelineRun ? name : labels.GetValueOrDefault(TektonAnnotations.LabelPipelineRun);
        if (parent is not null && !IsKubernetesName(parent))
        {
            parent = null;
        }

        var runKey = parent is null ? PipelineRunKey.ForStandalone(kind, ns!, name!) : PipelineRunKey.For(ns!, parent);

        var relayEvent = new RelayEvent
        {
            EventKey = EventKey.Create(cloudEvent.Source, cloudEvent.Type, cloudEvent.Id),
            EventType = cloudEvent.Type,
            Kind = kind,
            RunKey = runKey,
            Namespace = ns!,
            Name = name!,
            Uid = String(metadata, "uid"),
            RunUid = parent is not null && kind != RunKind.PipelineRun
                ? labels.GetValueOrDefault(TektonAnnotations.LabelPipelineRunUid)
                : String(metadata, "uid"),
            PipelineRunName = parent,
            RunCreatedAt = kind == RunKind.PipelineRun || parent is null ? Time(metadata, "creationTimestamp") : null,
            PipelineName = PipelineName(kind, parent, name!, labels, spec),
            PipelineTask = kind == RunKind.PipelineRun ? null : labels.GetValueOrDefault(TektonAnnotations.LabelPipelineTask) ?? (parent is null ? null : name),
            DisplayName = DisplayName(kind, spec, status),
            State = state,
            TimedOut = timedOut,
            Reason = reason,
            Message = condition is { } m ? String(m, "message") : null,
            StartTime = Time(status, "startTime"),
            CompletionTime = Time(status, "completionTime"),
            LastTransitionTime = condition is { } t ? Time(t, "lastTransitionTime") : null,
            EventTime = cloudEvent.Time,
            Scm = ScmReader.Read(annotations, labels),
            Results = Results(status),
        };
        return DecodeResult.Decoded(relayEvent) with { ManagedByPipelinesAsCode = ScmReader.IsPipelinesAsCodeOnly(annotations, labels) };
    }

    /// <summary><c>dev.tekton.event.{taskrun|pipelinerun|customrun}.{suffix}.v1</c>.</summary>
    internal static bool TryParseType(string type, out RunKind kind, out string suffix)
    {
        kind = default;
        suffix = "";
        // The length check keeps "dev.tekton.event.v1", where prefix and suffix overlap, from slicing backwards.
        if (type.Length < TypePrefix.Length + ".v1".Length || !type.StartsWith(TypePrefix, StringComparison.Ordinal)
            || !type.EndsWith(".v1", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = type[TypePrefix.Length..^3].Split('.');
        if (parts.Length != 2 || !TektonStateMapper.Suffixes.Contains(parts[1]))
        {
            return false;
        }

        switch (parts[0])
        {
            case "pipelinerun": kind = RunKind.PipelineRun; break;
            case "taskrun": kind = RunKind.TaskRun; break;
            case "customrun": kind = RunKind.CustomRun; break;
            default: return false;
        }

        suffix = parts[1];
        return true;
    }

    private static string PipelineName(RunKind kind, string? parent, string name, IReadOnlyDictionary<string, string> labels, JsonElement? spec)
    {
        if (kind != RunKind.PipelineRun && parent is null)
        {
            // A standalone TaskRun/CustomRun reports under its Task's name.
            return labels.GetValueOrDefault(TektonAnnotations.LabelTask)
                ?? (spec is { } s && Object(s, "taskRef") is { } taskRef ? String(taskRef, "name") : null)
                ?? (spec is { } s2 && Object(s2, "customRef") is { } customRef ? String(customRef, "name") : null)
                ?? name;
        }

        return labels.GetValueOrDefault(TektonAnnotations.LabelPipeline)
            ?? (kind == RunKind.PipelineRun && spec is { } s3 && Object(s3, "pipelineRef") is { } pipelineRef ? String(pipelineRef, "name") : null)
            ?? parent
            ?? name;
    }

    private static string? DisplayName(RunKind kind, JsonElement? spec, JsonElement? status)
    {
        var specKey = kind == RunKind.PipelineRun ? "pipelineSpec" : "taskSpec";
        foreach (var holder in new[] { status, spec })
        {
            if (holder is { } h && Object(h, specKey) is { } embedded && String(embedded, "displayName") is { Length: > 0 } display)
            {
                return display;
            }
        }

        return null;
    }

    private static JsonElement? SucceededCondition(JsonElement? status)
    {
        if (status is not { } s || !s.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var condition in conditions.EnumerateArray())
        {
            if (condition.ValueKind == JsonValueKind.Object && String(condition, "type") == "Succeeded")
            {
                return condition;
            }
        }

        return null;
    }

    /// <summary>v1beta1 <c>taskResults</c>/<c>pipelineResults</c> and v1 <c>results</c>: <c>[{name, value}]</c>.</summary>
    private static ImmutableDictionary<string, string> Results(JsonElement? status)
    {
        if (status is not { } s)
        {
            return ImmutableDictionary<string, string>.Empty;
        }

        var results = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var key in (ReadOnlySpan<string>)["taskResults", "pipelineResults", "results"])
        {
            if (!s.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var item in list.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || String(item, "name") is not { Length: > 0 } resultName
                    || !item.TryGetProperty("value", out var value))
                {
                    continue;
                }

                results[resultName] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
        }

        return results.ToImmutable();
    }

    internal static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonElement? Object(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    private static DateTimeOffset? Time(JsonElement? element, string property) =>
        element is { } e && String(e, property) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>Labels and annotations; values that are not strings are skipped, not fatal.</summary>
    private static Dictionary<string, string> StringMap(JsonElement metadata, string property)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Object(metadata, property) is { } obj)
        {
            foreach (var entry in obj.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.String)
                {
                    map[entry.Name] = entry.Value.GetString()!;
                }
            }
        }

        return map;
    }

    private static bool IsKubernetesName(string? name) => name is { Length: > 0 and <= 253 } && KubernetesName().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex KubernetesName();
}
