using System.Buffers.Text;
using System.Globalization;
using System.Text;

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

    private static int Compare(DateTimeOffset xFailedAt, string xId, DateTimeOffset yFailedAt, string yId)
    {
        var byTime = yFailedAt.UtcTicks.CompareTo(xFailedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(xId, yId);
    }

    /// <summary>The opaque text form handed to API clients.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(FailedAt.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + Id));

    /// <summary>Reads a cursor produced by <see cref="Encode"/>; false for anything else.</summary>
    public static bool TryParse(string? text, out DeadLetterCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > 512)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == decoded.Length - 1
            || !long.TryParse(decoded.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        cursor = new DeadLetterCursor(new DateTimeOffset(ticks, TimeSpan.Zero), decoded[(colon + 1)..]);
        return true;
    }
}
