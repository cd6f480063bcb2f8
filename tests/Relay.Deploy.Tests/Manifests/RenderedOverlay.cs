using System.Text.Json.Nodes;
using Relay.Deploy.Tests.Tooling;

namespace Relay.Deploy.Tests.Manifests;

/// <summary>The objects one <c>deploy/k8s/overlays/NAME</c> renders to, with the lookups the tests need.</summary>
internal sealed class RenderedOverlay
{
    private RenderedOverlay(string name, string yaml, IReadOnlyList<KubeObject> objects)
    {
        Name = name;
        Yaml = yaml;
        Objects = objects;
        Workloads = objects.Where(o => Manifests.Workload.Kinds.Contains(o.Kind)).Select(o => new Manifests.Workload(o)).ToList();
    }

    public string Name { get; }

    /// <summary>What <c>kubectl kustomize</c> printed.</summary>
    public string Yaml { get; }

    public IReadOnlyList<KubeObject> Objects { get; }

    public IReadOnlyList<Workload> Workloads { get; }

    /// <summary>Containers that run Relay (the silo or the split receiver).</summary>
    public IEnumerable<Container> RelayContainers => Workloads.SelectMany(w => w.Containers).Where(c => c.RelayAssembly is not null);

    /// <summary>
    /// Helm renderings, named like the overlay each must match, with the values that select it (the chart's defaults
    /// are the production overlay).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Overlay, string[] Values)> HelmRenderings = new Dictionary<string, (string, string[])>
    {
        ["helm-production"] = ("production", ["namespace.create=true"]),
        ["helm-split-receivers"] = ("split-receivers", ["namespace.create=true", "topology=split-receivers"]),
        ["helm-production-monitoring"] = ("production-monitoring", ["namespace.create=true", "monitoring.enabled=true"]),
    };

    /// <summary>Renders <c>deploy/k8s/overlays/NAME</c> with kubectl kustomize, or a <c>helm-*</c> rendering of the chart.</summary>
    public static async Task<RenderedOverlay> RenderAsync(string name)
    {
        var yaml = HelmRenderings.TryGetValue(name, out var helm)
            ? await Helm.TemplateAsync(helm.Values)
            : await Kubectl.KustomizeAsync(Repository.File("deploy", "k8s", "overlays", name));
        return new RenderedOverlay(name, yaml, YamlDocuments.Read(yaml).Select(o => new KubeObject(o)).ToList());
    }

    /// <summary>A rendering made by a test itself (another overlay or other chart values).</summary>
    public static RenderedOverlay Parse(string name, string yaml) =>
        new(name, yaml, YamlDocuments.Read(yaml).Select(o => new KubeObject(o)).ToList());

    public IEnumerable<KubeObject> OfKind(string kind) => Objects.Where(o => o.Kind == kind);

    public KubeObject? Find(string kind, string name) => Objects.FirstOrDefault(o => o.Kind == kind && o.Name == name);

    public Workload Workload(string name) => Workloads.Single(w => w.Name == name);

    /// <summary>Workloads whose pods a LabelSelector selects.</summary>
    public IEnumerable<Workload> SelectedBy(JsonNode? selector) => Workloads.Where(w => LabelSelector.Matches(selector, w.PodLabels));

    /// <summary>Workloads whose pods a Service's selector selects.</summary>
    public IEnumerable<Workload> SelectedByService(KubeObject service) =>
        Workloads.Where(w => LabelSelector.MatchesMap(service.Spec.Map("selector"), w.PodLabels));

    /// <summary>The text of <paramref name="path"/> in <paramref name="container"/> when a rendered ConfigMap provides it, else null.</summary>
    public string? ConfigMapFile(Container container, string path)
    {
        if (container.MountOf(path) is not { } found)
        {
            return null;
        }

        var (mount, relative) = found;
        var source = container.Workload.Volume(mount.Text("name")!);
        var configMap = source.Text("configMap", "name") is { } name ? Find("ConfigMap", name) : null;
        if (configMap is null)
        {
            return null;
        }

        var key = mount.Text("subPath") ?? source.Objects("configMap", "items").FirstOrDefault(i => i.Text("path") == relative)?.Text("key") ?? relative;
        return configMap.Json.Text("data", key);
    }

    /// <summary>The configuration a Relay container starts with (its <c>--config</c> file, from a ConfigMap).</summary>
    public RelayConfig ConfigOf(Container container)
    {
        var path = container.Argument("--config") ?? throw new InvalidDataException($"{container} has no --config argument");
        var yaml = ConfigMapFile(container, path) ?? throw new InvalidDataException($"{container}: no rendered ConfigMap provides {path}");
        return new RelayConfig(yaml);
    }

    public override string ToString() => Name;
}
