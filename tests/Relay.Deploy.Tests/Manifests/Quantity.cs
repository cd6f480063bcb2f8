using System.Globalization;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>Kubernetes memory and storage quantities (<c>512Mi</c>, <c>10Gi</c>, <c>1G</c>) in bytes.</summary>
internal static class Quantity
{
    private static readonly (string Suffix, long Factor)[] Units =
    [
        ("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("Ti", 1L << 40),
        ("k", 1000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000),
    ];

    public static long Bytes(string quantity)
    {
        var unit = Units.FirstOrDefault(u => quantity.EndsWith(u.Suffix, StringComparison.Ordinal));
        return unit.Suffix is null
            ? long.Parse(quantity, CultureInfo.InvariantCulture)
            : long.Parse(quantity[..^unit.Suffix.Length], CultureInfo.InvariantCulture) * unit.Factor;
    }
}
