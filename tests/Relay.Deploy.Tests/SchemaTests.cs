using Relay.Deploy.Tests.Tooling;
using Xunit;

namespace Relay.Deploy.Tests;

/// <summary>Rendered objects are valid Kubernetes objects: kinds, field names and types as the API defines them.</summary>
[Collection(RenderedOverlaysCollection.Name)]
public sealed class SchemaTests(RenderedOverlays rendered)
{
    [Theory]
    [MemberData(nameof(RenderedOverlays.All), MemberType = typeof(RenderedOverlays))]
    public void Every_object_matches_the_Kubernetes_schema_field_names_included(string overlay)
    {
        Assert.NotEmpty(rendered[overlay].Objects);
        Assert.Empty(rendered.Schema.ErrorsIn(rendered.FileOf(overlay)));
    }

    [Fact]
    public void Tekton_config_events_example_matches_the_Kubernetes_schema() =>
        Assert.Empty(rendered.Schema.ErrorsIn(RenderedOverlays.TektonExample));

    [Fact]
    public void Validator_checked_every_object_the_tests_read()
    {
        var expected = RenderedOverlays.Names.Sum(name => rendered[name].Objects.Count) + 1;

        Assert.Equal(expected, rendered.Schema.ObjectsChecked);
    }

    [Fact]
    public async Task Validator_rejects_misspelt_fields_wrong_types_and_unknown_kinds()
    {
        var directory = Directory.CreateTempSubdirectory("relay-k8s-bad-");
        var file = Path.Combine(directory.FullName, "bad.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: misspelt-container-field }
            spec:
              selector: { matchLabels: { app: x } }
              template:
                metadata: { labels: { app: x } }
                spec:
                  containers: [{ name: x, image: x, imagePullPolcy: Always }]
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: misspelt-port-field }
            spec:
              ports: [{ port: 80, targetport: http }]
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: { name: wrong-type }
            spec:
              maxUnavailable: 1
              selector: { matchLabels: "app=x" }
            ---
            apiVersion: v1
            kind: Frobnicator
            metadata: { name: unknown-kind }
            """);

        var report = await SchemaValidator.ValidateAsync([file]);
        directory.Delete(recursive: true);

        Assert.Equal(4, report.ObjectsChecked);
        Assert.Contains(report.Errors, e => e.Contains("Deployment/misspelt-container-field", StringComparison.Ordinal) && e.Contains("imagePullPolcy", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("Service/misspelt-port-field", StringComparison.Ordinal) && e.Contains("targetport", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("PodDisruptionBudget/wrong-type", StringComparison.Ordinal) && e.Contains("matchLabels", StringComparison.Ordinal));
        Assert.Contains(report.Errors, e => e.Contains("Frobnicator/unknown-kind", StringComparison.Ordinal) && e.Contains("no Kubernetes schema", StringComparison.Ordinal));
    }
}
