using System.Globalization;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>A redis.conf read as directive → arguments (the last occurrence wins, as in Redis).</summary>
internal static class RedisConf
{
    public static IReadOnlyDictionary<string, string> Parse(string text) => text
        .Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.Length > 0 && !line.StartsWith('#'))
        .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
        .GroupBy(parts => parts[0].ToLowerInvariant())
        .ToDictionary(g => g.Key, g => g.Last().ElementAtOrDefault(1) ?? "");

    /// <summary>Redis memory units: <c>384mb</c> = 384·2^20, <c>1gb</c>, plain bytes.</summary>
    public static long Bytes(string value)
    {
        var units = new (string Suffix, long Factor)[] { ("kb", 1L << 10), ("mb", 1L << 20), ("gb", 1L << 30), ("k", 1000), ("m", 1_000_000), ("g", 1_000_000_000) };
        var lower = value.ToLowerInvariant();
        var unit = units.FirstOrDefault(u => lower.EndsWith(u.Suffix, StringComparison.Ordinal));
        return unit.Suffix is null ? long.Parse(lower, CultureInfo.InvariantCulture) : long.Parse(lower[..^unit.Suffix.Length], CultureInfo.InvariantCulture) * unit.Factor;
    }
}
