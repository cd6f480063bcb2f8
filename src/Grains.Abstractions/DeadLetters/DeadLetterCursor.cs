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

    /// <summary>Newest first, then by id: the one order of the list.</summary>
    public static int Compare(DeadLetter x, DeadLetter y)
    {
        var byTime = y.FailedAt.UtcTicks.CompareTo(x.FailedAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
    }

    /// <summary>Whether <paramref name="letter"/> comes after this position in the list order.</summary>
    public bool Precedes(DeadLetter letter)
    {
        var ticks = letter.FailedAt.UtcTicks;
        var mine = FailedAt.UtcTicks;
        return ticks < mine || (ticks == mine && string.CompareOrdinal(letter.Id, Id) > 0);
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
