using System.Text.Json;
using System.Text.Json.Nodes;

namespace Relay.Testing;

/// <summary>
/// Tekton events to test with: the project's own fixtures in <c>tests/fixtures/tekton</c> (always there), plus the
/// shared corpus in <c>../shared/samples</c> when that folder exists beside the repository (or <c>RELAY_SAMPLES</c>
/// names one). A plain clone has only the fixtures, and every test passes on them alone.
/// </summary>
public static class TektonSamples
{
    /// <summary>The project's fixtures folder, <c>tests/fixtures/tekton</c>.</summary>
    public static string FixturesDirectory { get; } = RepositoryRoot.File("tests", "fixtures", "tekton");

    /// <summary>The extra corpus folder, or null when there is none.</summary>
    public static string? SharedDirectory { get; } = LocateShared();

    /// <summary>The project's own fixtures, by file name.</summary>
    public static IReadOnlyList<TektonHttpEvent> Fixtures { get; } = LoadAll(FixturesDirectory);

    /// <summary>The extra corpus (empty when absent).</summary>
    public static IReadOnlyList<TektonHttpEvent> Shared { get; } = SharedDirectory is null ? [] : LoadAll(SharedDirectory);

    /// <summary>Fixtures and the extra corpus: for tests that hold for any Tekton event.</summary>
    public static IReadOnlyList<TektonHttpEvent> All { get; } = [.. Fixtures, .. Shared];

    /// <summary>The fixture whose file name starts with <paramref name="fileNamePrefix"/>.</summary>
    public static TektonHttpEvent Get(string fileNamePrefix) =>
        Fixtures.Single(s => s.Name.StartsWith(fileNamePrefix, StringComparison.Ordinal));

    private static TektonHttpEvent[] LoadAll(string directory) => System.IO.Directory.GetFiles(directory, "*.json")
        .OrderBy(f => f, StringComparer.Ordinal)
        .Select(Load)
        .ToArray();

    private static TektonHttpEvent Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var headers = root["headers"]!.AsObject().ToDictionary(h => h.Key, h => h.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        var body = JsonSerializer.SerializeToUtf8Bytes(root["body"]);
        return new TektonHttpEvent(Path.GetFileName(path), headers, body);
    }

    private static string? LocateShared()
    {
        if (Environment.GetEnvironmentVariable("RELAY_SAMPLES") is { Length: > 0 } configured)
        {
            return System.IO.Directory.Exists(configured)
                ? configured
                : throw new DirectoryNotFoundException($"RELAY_SAMPLES names {configured}, which does not exist");
        }

        var shared = Path.GetFullPath(Path.Combine(RepositoryRoot.Directory, "..", "shared", "samples"));
        return System.IO.Directory.Exists(shared) ? shared : null;
    }
}
