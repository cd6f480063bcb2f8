using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Relay.Configuration;

/// <summary>
/// A configuration duration written Go-style (<c>24h</c>, <c>1h30m</c>, <c>500ms</c>, <c>90s</c>) or as a .NET
/// <see cref="TimeSpan"/> (<c>01:30:00</c>). Bound by Microsoft.Extensions.Configuration through its converter.
/// </summary>
[TypeConverter(typeof(DurationConverter))]
public readonly partial record struct Duration(TimeSpan Value)
{
    /// <summary>Parses a duration or returns false with nothing thrown.</summary>
    public static bool TryParse(string? text, out Duration duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        var match = GoDuration().Match(text);
        if (match.Success)
        {
            var total = TimeSpan.Zero;
            foreach (Capture capture in match.Groups["part"].Captures)
            {
                var part = PartPattern().Match(capture.Value);
                var number = double.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
                total += part.Groups["u"].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(number),
                    "s" => TimeSpan.FromSeconds(number),
                    "m" => TimeSpan.FromMinutes(number),
                    "h" => TimeSpan.FromHours(number),
                    "d" => TimeSpan.FromDays(number),
                    _ => TimeSpan.Zero,
                };
            }

            duration = new Duration(total);
            return true;
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span))
        {
            duration = new Duration(span);
            return true;
        }

        return false;
    }

    public override string ToString() => Value.ToString("c", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h|d))+$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)(?<u>ms|s|m|h|d)$")]
    private static partial Regex PartPattern();
}

/// <summary>Converts configuration strings to <see cref="Duration"/>.</summary>
public sealed class DurationConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType) =>
        sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text
            ? Duration.TryParse(text, out var duration)
                ? duration
                : throw new FormatException($"'{text}' is not a duration (use e.g. 30s, 5m, 24h, 1h30m)")
            : base.ConvertFrom(context, culture, value);
}
