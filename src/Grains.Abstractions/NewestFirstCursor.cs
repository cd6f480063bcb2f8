using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Relay;

/// <summary>
/// The order and the opaque text form shared by the API's newest-first lists (runs, dead letters): a position is a
/// time and a key; later times come first, then keys in ordinal order; the text is base64url of
/// <c>&lt;utc ticks&gt;:&lt;key&gt;</c>.
/// </summary>
public static class NewestFirstCursor
{
    /// <summary>Negative when (<paramref name="xAt"/>, <paramref name="xKey"/>) comes first in the list.</summary>
    public static int Compare(DateTimeOffset xAt, string xKey, DateTimeOffset yAt, string yKey)
    {
        var byTime = yAt.UtcTicks.CompareTo(xAt.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(xKey, yKey);
    }

    public static string Encode(DateTimeOffset at, string key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(at.UtcTicks.ToString(CultureInfo.InvariantCulture) + ":" + key));

    /// <summary>Reads what <see cref="Encode"/> produced (at most <paramref name="maxLength"/> characters); false for anything else.</summary>
    public static bool TryDecode(string? text, int maxLength, out DateTimeOffset at, out string key)
    {
        (at, key) = (default, "");
        if (string.IsNullOrEmpty(text) || text.Length > maxLength)
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

        (at, key) = (new DateTimeOffset(ticks, TimeSpan.Zero), decoded[(colon + 1)..]);
        return true;
    }
}
