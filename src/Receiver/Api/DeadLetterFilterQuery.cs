using Relay.Configuration;
using Relay.DeadLetters;

namespace Relay.Receiver.Api;

/// <summary>
/// The query string of the dead-letter API read into a filter, a page and flags. Every problem names its parameter,
/// and unknown parameters are refused: a misspelt filter on a purge must not widen it to more entries than meant.
/// </summary>
internal sealed record DeadLetterFilterQuery
{
    private static readonly HashSet<string> FilterParameters = new(StringComparer.Ordinal)
    {
        "provider", "state", "type", "action", "cause", "run", "older_than", "newer_than",
    };

    public DeadLetterFilter Filter { get; private init; } = DeadLetterFilter.All;

    public int Limit { get; private init; } = DeadLetterQuery.DefaultLimit;

    public DeadLetterCursor? Cursor { get; private init; }

    /// <summary><c>all=true</c>: the operator means every entry (required for a bulk replay or purge without filter).</summary>
    public bool All { get; private init; }

    /// <summary><c>include_replaying=true</c>: a bulk replay also replays entries already replaying.</summary>
    public bool IncludeReplaying { get; private init; }

    /// <summary>Whether the request names every entry: a filter, or <c>all=true</c>.</summary>
    public bool NamesItsEntries => All || !Filter.IsEmpty;

    /// <summary>
    /// Reads the query (ages relative to <paramref name="now"/>); <paramref name="error"/> says what is wrong when it
    /// returns null. <paramref name="allowed"/> lists the parameters this endpoint takes besides the filters.
    /// </summary>
    public static DeadLetterFilterQuery? Parse(IQueryCollection query, DateTimeOffset now, IReadOnlySet<string> allowed, out ApiError? error)
    {
        error = null;
        foreach (var (name, values) in query)
        {
            if (!FilterParameters.Contains(name) && !allowed.Contains(name))
            {
                error = ApiError.Parameter(name, $"unknown parameter '{name}'; this endpoint takes {string.Join(", ", FilterParameters.Concat(allowed))}");
                return null;
            }

            if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            {
                error = ApiError.Parameter(name, $"{name}: give exactly one non-empty value");
                return null;
            }
        }

        var filter = new DeadLetterFilter
        {
            Provider = Text(query, "provider"),
            Type = Text(query, "type"),
            Action = Text(query, "action"),
            Cause = Text(query, "cause"),
            RunPrefix = Text(query, "run"),
        };
        if (Text(query, "state") is { } state)
        {
            if (state is not (DeadLetterStates.Failed or DeadLetterStates.Replaying))
            {
                error = ApiError.Parameter("state", $"state: '{state}' is not a dead-letter state (failed or replaying)");
                return null;
            }

            filter = filter with { State = state };
        }

        if (!Age(query, "older_than", now, out var before, ref error) || !Age(query, "newer_than", now, out var after, ref error))
        {
            return null;
        }

        filter = filter with { FailedBefore = before, FailedAfter = after };
        var limit = DeadLetterQuery.DefaultLimit;
        if (Text(query, "limit") is { } limitText
            && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit)
                || limit is < 1 or > DeadLetterQuery.MaxLimit))
        {
            error = ApiError.Parameter("limit", $"limit: '{limitText}' is not a whole number from 1 to {DeadLetterQuery.MaxLimit}");
            return null;
        }

        DeadLetterCursor? cursor = null;
        if (Text(query, "cursor") is { } cursorText && !DeadLetterCursor.TryParse(cursorText, out cursor))
        {
            error = ApiError.Parameter("cursor", "cursor: not a cursor this API returned (use next_cursor as given)");
            return null;
        }

        if (!Flag(query, "all", out var all, ref error) || !Flag(query, "include_replaying", out var includeReplaying, ref error))
        {
            return null;
        }

        return new DeadLetterFilterQuery { Filter = filter, Limit = limit, Cursor = cursor, All = all, IncludeReplaying = includeReplaying };
    }

    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values is [{ } value] ? value.Trim() : null;

    private static bool Age(IQueryCollection query, string name, DateTimeOffset now, out DateTimeOffset? instant, ref ApiError? error)
    {
        instant = null;
        if (Text(query, name) is not { } text)
        {
            return true;
        }

        try
        {
            if (Duration.TryParse(text, out var duration) && duration.Value > TimeSpan.Zero)
            {
                instant = duration.Value < now - DateTimeOffset.MinValue ? now - duration.Value : DateTimeOffset.MinValue;
                return true;
            }
        }
        catch (OverflowException)
        {
            // A duration too long for TimeSpan: refused below like any other bad duration.
        }

        error = ApiError.Parameter(name, $"{name}: '{text}' is not a positive duration such as 10m, 24h or 7d");
        return false;
    }

    private static bool Flag(IQueryCollection query, string name, out bool value, ref ApiError? error)
    {
        value = false;
        if (Text(query, name) is not { } text)
        {
            return true;
        }

        if (bool.TryParse(text, out value))
        {
            return true;
        }

        error = ApiError.Parameter(name, $"{name}: '{text}' is not true or false");
        return false;
    }
}
