using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Relay.Configuration;

/// <summary>A configuration size in bytes, written as a number (<c>2097152</c>) or with a unit (<c>2MiB</c>, <c>512KiB</c>, <c>1MB</c>).</summary>
[TypeConverter(typeof(ByteSizeConverter))]
public readonly partial record struct ByteSize(long Bytes)
{
    /// <summary>Parses a size or returns false with nothing thrown.</summary>
    public static bool TryParse(string? text, out ByteSize size)
    {
        size = default;
        var match = SizePattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }

        var number = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var factor = match.Groups["u"].Value.ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "KIB" or "KI" => 1L << 10,
            "MIB" or "MI" => 1L << 20,
            "GIB" or "GI" => 1L << 30,
            "KB" or "K" => 1_000L,
            "MB" or "M" => 1_000_000L,
            "GB" or "G" => 1_000_000_000L,
            _ => 0L,
        };
        if (factor == 0)
        {
            return false;
        }

        size = new ByteSize((long)(number * factor));
        return true;
    }

    public override string ToString() => Bytes.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>[A-Za-z]*)$")]
    private static partial Regex SizePattern();
}

/// <summary>Converts configuration strings to <see cref="ByteSize"/>.</summary>
public sealed class ByteSizeConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? ByteSize.TryParse(text, out var size)
                ? size
                : throw new FormatException($"'{text}' is not a size (use bytes, or e.g. 512KiB, 2MiB)")
            : base.ConvertFrom(context, culture, value);
}
