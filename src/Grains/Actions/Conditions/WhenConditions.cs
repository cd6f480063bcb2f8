using System.Collections.Concurrent;

namespace Relay.Grains.Actions.Conditions;

/// <summary>
/// Parsed <c>when</c> expressions of one planner, parsed once per distinct source. A source that does not parse (the
/// validator refuses such a file; a hot-reloaded one may slip through) acts as "never".
/// </summary>
internal sealed class WhenConditions
{
    private readonly ConcurrentDictionary<string, WhenExpression> _parsed = new(StringComparer.Ordinal);

    /// <summary>Null for "always" (no expression).</summary>
    public WhenExpression? For(string? source) =>
        string.IsNullOrWhiteSpace(source) ? null : _parsed.GetOrAdd(source, static s =>
        {
            try
            {
                return WhenExpression.Parse(s);
            }
            catch (FormatException)
            {
                return WhenExpression.Parse("false");
            }
        });
}
