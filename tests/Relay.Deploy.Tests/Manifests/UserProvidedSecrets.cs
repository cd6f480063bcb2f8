using System.Text.RegularExpressions;
using Relay.Deploy.Tests.Tooling;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>
/// The Secrets that users create themselves, as docs/kubernetes.md lists them in its "Secrets you create" table
/// (<c>| `name` | `key`, `key` | … |</c>): manifests may reference these without rendering them.
/// </summary>
internal static partial class UserProvidedSecrets
{
    public const string Heading = "## Secrets you create";

    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Read()
    {
        var lines = File.ReadAllLines(Repository.File("docs", "kubernetes.md"));
        var start = Array.IndexOf(lines, Heading);
        if (start < 0)
        {
            return new Dictionary<string, IReadOnlyList<string>>();
        }

        return lines.Skip(start + 1)
            .TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal))
            .Select(line => Row().Match(line))
            .Where(match => match.Success)
            .ToDictionary(
                match => match.Groups["name"].Value,
                match => (IReadOnlyList<string>)Code().Matches(match.Groups["keys"].Value).Select(k => k.Groups[1].Value).ToList());
    }

    [GeneratedRegex(@"^\|\s*`(?<name>[a-z0-9-]+)`\s*\|(?<keys>[^|]*)\|")]
    private static partial Regex Row();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Code();
}
