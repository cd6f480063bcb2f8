using System.Text.Json;
using System.Text.Json.Nodes;

namespace Relay.Testing;

/// <summary>Hostile variants of a JSON body: every node, one at a time, replaced by a value of each other JSON type.</summary>
public static class JsonMutations
{
    private static readonly Func<JsonNode?>[] Replacements =
    [
        () => null,
        () => JsonValue.Create(42),
        () => JsonValue.Create(-1.5e300),
        () => JsonValue.Create(true),
        () => JsonValue.Create(""),
        () => JsonValue.Create("\u0000\u202e<script>\r\n"),
        () => new JsonArray(),
        () => new JsonObject(),
    ];

    /// <summary>(path, body) for every node of <paramref name="body"/> and every replacement of another shape.</summary>
    public static IEnumerable<(string Path, byte[] Body)> WrongTypes(byte[] body)
    {
        var root = JsonNode.Parse(body)!;
        foreach (var path in Paths(root, "$"))
        {
            foreach (var replacement in Replacements)
            {
                var copy = JsonNode.Parse(body)!;
                var value = replacement();
                var target = Navigate(copy, path.Segments);
                if (SameShape(target, value))
                {
                    continue;
                }

                Replace(copy, path.Segments, value);
                yield return ($"{path.Text} = {value?.ToJsonString() ?? "null"}", JsonSerializer.SerializeToUtf8Bytes(copy));
            }
        }
    }

    private static bool SameShape(JsonNode? a, JsonNode? b) =>
        (a?.GetValueKind() ?? JsonValueKind.Null) == (b?.GetValueKind() ?? JsonValueKind.Null)
        && a?.GetValueKind() is not JsonValueKind.String;

    private static IEnumerable<(string Text, object[] Segments)> Paths(JsonNode? node, string text, params object[] segments)
    {
        if (segments.Length > 0)
        {
            yield return (text, segments);
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    foreach (var path in Paths(child, $"{text}.{key}", [.. segments, key]))
                    {
                        yield return path;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var path in Paths(array[i], $"{text}[{i}]", [.. segments, i]))
                    {
                        yield return path;
                    }
                }

                break;
        }
    }

    private static JsonNode? Navigate(JsonNode node, object[] segments)
    {
        JsonNode? current = node;
        foreach (var segment in segments)
        {
            current = segment is string key ? current![key] : current![(int)segment];
        }

        return current;
    }

    private static void Replace(JsonNode root, object[] segments, JsonNode? value)
    {
        var parent = Navigate(root, segments[..^1])!;
        if (segments[^1] is string key)
        {
            parent[key] = value;
        }
        else
        {
            parent[(int)segments[^1]] = value;
        }
    }
}
