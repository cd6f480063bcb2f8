using System.Text.Json.Nodes;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>A container of a <see cref="Workload"/>'s pod template.</summary>
internal sealed record Container(Workload Workload, JsonObject Json)
{
    public string Name => Json.Text("name") ?? "";

    /// <summary><c>command</c> then <c>args</c>, as the container starts.</summary>
    public IReadOnlyList<string> CommandLine => [.. Json.Strings("command"), .. Json.Strings("args")];

    /// <summary>The Relay assembly this container runs (<c>Relay.Silo</c>, <c>Relay.Receiver</c>), or null.</summary>
    public string? RelayAssembly => CommandLine
        .Select(Path.GetFileName)
        .FirstOrDefault(file => file is not null && file.StartsWith("Relay.", StringComparison.Ordinal) && file.EndsWith(".dll", StringComparison.Ordinal))?[..^4];

    public bool IsSilo => RelayAssembly == "Relay.Silo";

    /// <summary>The value after <paramref name="flag"/> on the command line (<c>--config</c>, <c>--urls</c>).</summary>
    public string? Argument(string flag)
    {
        var line = CommandLine;
        var index = line.ToList().IndexOf(flag);
        return index >= 0 && index + 1 < line.Count ? line[index + 1] : null;
    }

    public IEnumerable<JsonObject> Ports => Json.Objects("ports");

    /// <summary>The container port a probe, Service or policy names (by name or number), or null when it has none.</summary>
    public long? Port(JsonNode? nameOrNumber) => nameOrNumber switch
    {
        JsonValue value when value.TryGetValue<long>(out var number) => Ports.Any(p => p.Number("containerPort") == number) ? number : null,
        JsonValue value when value.TryGetValue<string>(out var name) => Ports.FirstOrDefault(p => p.Text("name") == name)?.Number("containerPort"),
        _ => null,
    };

    public long? NamedPort(string name) => Port(JsonValue.Create(name));

    /// <summary>The container's environment variables that come from the downward API: name → field path.</summary>
    public IReadOnlyDictionary<string, string> DownwardApi => Json.Objects("env")
        .Where(e => e.Text("valueFrom", "fieldRef", "fieldPath") is not null)
        .ToDictionary(e => e.Text("name")!, e => e.Text("valueFrom", "fieldRef", "fieldPath")!);

    public IEnumerable<JsonObject> VolumeMounts => Json.Objects("volumeMounts");

    /// <summary>The mount that holds <paramref name="path"/> (deepest first) and the path inside it.</summary>
    public (JsonObject Mount, string Relative)? MountOf(string path) => VolumeMounts
        .Select(m => (Mount: m, Root: m.Text("mountPath")!.TrimEnd('/')))
        .Where(m => path.StartsWith(m.Root + "/", StringComparison.Ordinal))
        .OrderByDescending(m => m.Root.Length)
        .Select(m => ((JsonObject, string)?)(m.Mount, path[(m.Root.Length + 1)..]))
        .FirstOrDefault();

    public override string ToString() => $"{Workload}/{Name}";
}
