using System.Text.Json;
using System.Text.Json.Nodes;

namespace Relay.Testing;

/// <summary>The captured and hand-shaped Tekton events in <c>shared/samples</c> (beside the repository).</summary>
public static class TektonSamples
{
    /// <summary>The samples folder: <c>RELAY_SAMPLES</c>, else <c>../shared/samples</c> from the repository root.</summary>
    public static string Directory { get; } = Locate();

    public static IReadOnlyList<TektonHttpEvent> All { get; } = System.IO.Directory.GetFiles(Directory, "*.json")
        .OrderBy(f => f, StringComparer.Ordinal)
        .Select(Load)
        .ToArray();

    public static TektonHttpEvent Get(string fileNamePrefix) =>
        All.Single(s => s.Name.StartsWith(fileNamePrefix, StringComparison.Ordinal));

    private static TektonHttpEvent Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        var headers = root["headers"]!.AsObject().ToDictionary(h => h.Key, h => h.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        var body = JsonSerializer.SerializeToUtf8Bytes(root["body"]);
        return new TektonHttpEvent(Path.GetFileName(path), headers, body);
    }

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("RELAY_SAMPLES") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Relay.sln")))
            {
                var samples = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "samples"));
                if (System.IO.Directory.Exists(samples))
                {
                    return samples;
                }

                throw new DirectoryNotFoundException($"Tekton samples not found at {samples}; set RELAY_SAMPLES to the samples folder");
            }
        }

        throw new DirectoryNotFoundException("repository root (Relay.sln) not found above " + AppContext.BaseDirectory);
    }
}
