using System.Text.Json.Nodes;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>Kubernetes label matching: LabelSelectors (<c>matchLabels</c>, <c>matchExpressions</c>) and Service selectors.</summary>
internal static class LabelSelector
{
    /// <summary>Whether a LabelSelector selects <paramref name="labels"/>; the empty selector selects everything.</summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (!MatchesMap(selector.Map("matchLabels"), labels, emptyMatches: true))
        {
            return false;
        }

        return selector.Objects("matchExpressions").All(expression =>
        {
            var key = expression.Text("key") ?? "";
            var values = expression.Strings("values").ToHashSet(StringComparer.Ordinal);
            var has = labels.TryGetValue(key, out var value);
            return expression.Text("operator") switch
            {
                "In" => has && values.Contains(value!),
                "NotIn" => !has || !values.Contains(value!),
                "Exists" => has,
                "DoesNotExist" => !has,
                var other => throw new InvalidDataException($"unknown selector operator {other}"),
            };
        });
    }

    /// <summary>Whether every pair of <paramref name="selector"/> is among <paramref name="labels"/>.</summary>
    public static bool MatchesMap(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels, bool emptyMatches = false) =>
        (emptyMatches || selector.Count > 0)
        && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
