using Relay.Deploy.Tests.Manifests;
using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>
/// Every overlay rendered once with <c>kubectl kustomize</c> and the Helm chart with <c>helm template</c>, and checked
/// once against the Kubernetes schemas together with the Tekton examples; a missing kubectl, helm, node or npm package
/// fails every test of the collection, saying which.
/// </summary>
public sealed class RenderedOverlays : IAsyncLifetime
{
    /// <summary>The kustomize overlays, then the Helm chart rendered to match production, split-receivers and monitoring.</summary>
    public static readonly IReadOnlyList<string> Names =
        ["dev", "production", "split-receivers", "production-monitoring", .. RenderedOverlay.HelmRenderings.Keys];

    /// <summary>The Tekton <c>config-events</c> example, validated with the overlays.</summary>
    public static readonly string TektonExample = Repository.File("deploy", "k8s", "tekton", "config-events.yaml");

    private readonly Dictionary<string, RenderedOverlay> _overlays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private string? _directory;

    /// <summary>Overlay names as xunit theory data.</summary>
    public static TheoryData<string> All => new(Names);

    internal SchemaReport Schema { get; private set; } = new(0, []);

    internal RenderedOverlay this[string name] => _overlays[name];

    /// <summary>The file the overlay's rendering was written to (schema errors start with it).</summary>
    internal string FileOf(string name) => _files[name];

    public async Task InitializeAsync()
    {
        _directory = Directory.CreateTempSubdirectory("relay-k8s-").FullName;
        foreach (var overlay in await Task.WhenAll(Names.Select(RenderedOverlay.RenderAsync)))
        {
            var file = Path.Combine(_directory, overlay.Name + ".yaml");
            await File.WriteAllTextAsync(file, overlay.Yaml);
            _overlays[overlay.Name] = overlay;
            _files[overlay.Name] = file;
        }

        Schema = await SchemaValidator.ValidateAsync([.. _files.Values, TektonExample]);
    }

    public Task DisposeAsync()
    {
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The tests that read the rendered overlays share one rendering.</summary>
[CollectionDefinition(Name)]
public sealed class RenderedOverlaysCollection : ICollectionFixture<RenderedOverlays>
{
    public const string Name = "rendered overlays";
}
