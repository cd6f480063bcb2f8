using System.Text.Json.Nodes;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>An object that runs pods from a template: a Deployment or a StatefulSet.</summary>
internal sealed record Workload(KubeObject Object)
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "Deployment", "StatefulSet" };

    public string Name => Object.Name;

    public string Kind => Object.Kind;

    public JsonNode? Selector => Object.Spec.At("selector");

    public IReadOnlyDictionary<string, string> PodLabels => Object.Spec.Map("template", "metadata", "labels");

    public JsonNode? Pod => Object.Spec.At("template", "spec");

    public IEnumerable<Container> Containers =>
        Pod.Objects("initContainers").Concat(Pod.Objects("containers")).Select(c => new Container(this, c));

    /// <summary>The pod's volume named <paramref name="name"/>.</summary>
    public JsonObject? Volume(string name) => Pod.Objects("volumes").FirstOrDefault(v => v.Text("name") == name);

    /// <summary>Whether a mount named <paramref name="name"/> has a volume: one of the pod's, or a StatefulSet's claim template.</summary>
    public bool HasVolume(string name) =>
        Volume(name) is not null || Object.Spec.Objects("volumeClaimTemplates").Any(c => c.Text("metadata", "name") == name);

    public override string ToString() => Object.ToString();
}
