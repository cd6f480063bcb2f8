namespace Relay.DeadLetters;

/// <summary>
/// A position in the dead-letter list, which is ordered newest first (<see cref="DeadLetter.FailedAt"/> descending,
/// then <see cref="DeadLetter.Id"/> ascending). A page continues strictly after its cursor, so paging through a set
/// that does not change returns every entry exactly once. Opaque to API clients (base64url).
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.DeadLetters.DeadLetterCursor")]
public sealed record DeadLetterCursor([property: Id(0)] DateTimeOffset FailedAt, [property: Id(1)] string Id)
{
    /// <summary>The cursor just after <paramref name="letter"/>.</summary>
    public static DeadLetterCursor After(DeadLetter letter) => new(letter.FailedAt, letter.Id);

    /// <summary>The cursor at <paramref name="summary"/>'s position.</summary>
    public static DeadLetterCursor After(DeadLetterSummary summary) => new(summary.FailedAt, summary.Id);

    /// <summary>Newest first, then by id: the one order of the list.</summary>
    public static int Compare(DeadLetter x, DeadLetter y) => Compare(x.FailedAt, x.Id, y.FailedAt, y.Id);

    /// <summary>The list order over index summaries.</summary>
    public static int Compare(DeadLetterSummary x, DeadLetterSummary y) => Compare(x.FailedAt, x.Id, y.FailedAt, y.Id);

    /// <summary>The list order over positions; its reverse is oldest first.</summary>
    public static int Compare(DeadLetterCursor x, DeadLetterCursor y) => Compare(x.FailedAt, x.Id, y.FailedAt, y.Id);

    /// <summary>Whether <paramref name="letter"/> comes after this position in the list order.</summary>
    public bool Precedes(DeadLetter letter) => Compare(FailedAt, Id, letter.FailedAt, letter.Id) < 0;

    /// <summary>Whether <paramref name="summary"/> comes after this position in the list order.</summary>
    public bool Precedes(DeadLetterSummary summary) => Compare(FailedAt, Id, summary.FailedAt, summary.Id) < 0;

    private static int Compare(DateTimeOffset xAt, string xKey, DateTimeOffset yAt, string yKey) =>
        NewestFirstCursor.Compare(xAt, xKey, yAt, yKey);

    /// <summary>The opaque text form handed to API clients.</summary>
    public string Encode() => NewestFirstCursor.Encode(FailedAt, Id);

    /// <summary>Reads a cursor produced by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryParse(string? text, out DeadLetterCursor? cursor)
    {
        cursor = NewestFirstCursor.TryDecode(text, 512, out var at, out var key) ? new DeadLetterCursor(at, key) : null;
        return cursor is not null;
    }
}
