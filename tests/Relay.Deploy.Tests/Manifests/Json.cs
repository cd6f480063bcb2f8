using System.Text.Json.Nodes;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>Short, null-tolerant reads of manifest JSON: <c>pod.At("spec", "containers")</c>.</summary>
internal static class Json
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node is JsonObject map && map.TryGetPropertyValue(key, out var child) ? child : null;
        }

        return node;
    }

    public static string? Text(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? Number(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    public static bool? Flag(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? array.OfType<JsonObject>() : [];

    public static IEnumerable<string> Strings(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? array.Select(item => item?.GetValue<string>()).OfType<string>() : [];

    /// <summary>A string map (labels, selectors, ConfigMap data); empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> Map(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonObject map
            ? map.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!.ToString())
            : new Dictionary<string, string>();
}
