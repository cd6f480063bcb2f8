using System.Globalization;
using Relay.Runs;
using Relay.Runs.Index;

namespace Relay.Receiver.Api;

/// <summary>
/// The query string of <c>GET /api/v1/runs</c> (and the run view's list page) read into a <see cref="RunListQuery"/>.
/// Every problem names its parameter, and unknown parameters are refused rather than ignored: a misspelt filter must
/// not silently widen the list.
/// </summary>
internal static class RunListQueryString
{
    /// <summary>The parameters the listing takes, in the order the documentation names them.</summary>
    public static readonly IReadOnlyList<string> Parameters = ["namespace", "repository", "commit", "pr", "state", "undelivered", "limit", "cursor"];

    private static readonly HashSet<string> Known = new(Parameters, StringComparer.Ordinal);

    /// <summary>Reads the query; <paramref name="error"/> says what is wrong when it returns null.</summary>
    public static RunListQuery? Parse(IQueryCollection query, out ApiError? error)
    {
        error = null;
        foreach (var (name, values) in query)
        {
            if (!Known.Contains(name))
            {
                error = ApiError.Parameter(name, $"unknown parameter '{name}'; this endpoint takes {string.Join(", ", Parameters)}");
                return null;
            }

            if (values.Count != 1)
            {
                error = ApiError.Parameter(name, $"{name}: give exactly one value");
                return null;
            }
        }

        var filter = new RunListFilter { Namespace = Text(query, "namespace") };
        if (Text(query, "repository") is { } repository)
        {
            var slash = repository.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == repository.Length - 1 || repository.IndexOf('/', slash + 1) >= 0 || repository.Any(char.IsWhiteSpace))
            {
                error = ApiError.Parameter("repository", $"repository: '{repository}' is not owner/name");
                return null;
            }

            filter = filter with { Repository = repository };
        }

        if (Text(query, "commit") is { } commit)
        {
            if (commit.Length is not (40 or 64) || !commit.All(char.IsAsciiHexDigit))
            {
                error = ApiError.Parameter("commit", $"commit: '{commit}' is not a full commit sha (40 or 64 hexadecimal digits)");
                return null;
            }

            filter = filter with { Commit = commit };
        }

        if (Text(query, "pr") is { } prText)
        {
            if (!long.TryParse(prText, NumberStyles.None, CultureInfo.InvariantCulture, out var pr) || pr < 1)
            {
                error = ApiError.Parameter("pr", $"pr: '{prText}' is not a pull request number");
                return null;
            }

            filter = filter with { PullRequest = pr };
        }

        if (Text(query, "state") is { } stateText)
        {
            if (!TryState(stateText, out var state))
            {
                error = ApiError.Parameter("state", $"state: '{stateText}' is not a run state ({string.Join(", ", StateNames)})");
                return null;
            }

            filter = filter with { State = state };
        }

        if (Text(query, "undelivered") is { } undeliveredText)
        {
            if (!bool.TryParse(undeliveredText, out var undelivered))
            {
                error = ApiError.Parameter("undelivered", $"undelivered: '{undeliveredText}' is not true or false");
                return null;
            }

            filter = filter with { Undelivered = undelivered };
        }

        var limit = RunListQuery.DefaultLimit;
        if (Text(query, "limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > RunListQuery.MaxLimit))
        {
            error = ApiError.Parameter("limit", $"limit: '{limitText}' is not a whole number from 1 to {RunListQuery.MaxLimit}");
            return null;
        }

        RunListCursor? cursor = null;
        if (Text(query, "cursor") is { } cursorText && !RunListCursor.TryParse(cursorText, out cursor))
        {
            error = ApiError.Parameter("cursor", "cursor: not a cursor this API returned (use next_cursor as given)");
            return null;
        }

        return new RunListQuery { Filter = filter, Limit = limit, After = cursor };
    }

    /// <summary>The state names the API speaks (snake case, as in every answer).</summary>
    public static IEnumerable<string> StateNames => Enum.GetValues<CiState>().Select(Name);

    /// <summary>The API name of a state (<c>success</c>, <c>running</c>, …).</summary>
    public static string Name(CiState state) => state.ToString().ToLowerInvariant();

    private static bool TryState(string text, out CiState state)
    {
        foreach (var candidate in Enum.GetValues<CiState>())
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                state = candidate;
                return true;
            }
        }

        state = default;
        return false;
    }

    /// <summary>An empty value means the parameter is not set (what an HTML form sends for an empty field).</summary>
    private static string? Text(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values is [{ } value] && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
