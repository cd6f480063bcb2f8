namespace Relay.Runs.Index;

/// <summary>
/// A position in the run listing, which is ordered newest first: <see cref="RunSummary.FirstEventAt"/> descending, then
/// <see cref="RunSummary.RunKey"/> ascending. The first event of a run does not move as the run progresses, so a page
/// continues strictly after its cursor and paging through the listing returns each run once even while runs go on.
/// Opaque to API clients (base64url).
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.Index.RunListCursor")]
public sealed record RunListCursor([property: Id(0)] DateTimeOffset FirstEventAt, [property: Id(1)] string RunKey)
{
    /// <summary>The position of <paramref name="run"/>.</summary>
    public static RunListCursor At(RunSummary run) => new(run.FirstEventAt, run.RunKey);

    /// <summary>The listing order: newest first, then by run key.</summary>
    public static int Compare(RunSummary x, RunSummary y) => Compare(x.FirstEventAt, x.RunKey, y.FirstEventAt, y.RunKey);

    /// <summary>Whether <paramref name="run"/> comes after this position in the listing order.</summary>
    public bool Precedes(RunSummary run) => Compare(FirstEventAt, RunKey, run.FirstEventAt, run.RunKey) < 0;

    private static int Compare(DateTimeOffset xAt, string xKey, DateTimeOffset yAt, string yKey) =>
        NewestFirstCursor.Compare(xAt, xKey, yAt, yKey);

    /// <summary>The opaque text form handed to API clients.</summary>
    public string Encode() => NewestFirstCursor.Encode(FirstEventAt, RunKey);

    /// <summary>Reads a cursor produced by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryParse(string? text, out RunListCursor? cursor)
    {
        cursor = NewestFirstCursor.TryDecode(text, 1024, out var at, out var key) ? new RunListCursor(at, key) : null;
        return cursor is not null;
    }
}
