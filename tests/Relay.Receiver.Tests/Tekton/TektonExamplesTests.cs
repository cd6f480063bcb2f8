using System.Text.Json;
using System.Text.Json.Nodes;
using Relay.Testing;
using Xunit;
using YamlDotNet.Serialization;

namespace Relay.Receiver.Tekton.Tests;

/// <summary>
/// The examples the "From zero to a status" guide applies (examples/tekton): the PipelineRun is a Tekton v1 run whose
/// events Relay decodes to a GitHub target, and the TektonConfig sets the same sink as deploy/k8s/tekton/config-events.yaml.
/// No Tekton schema package is reachable from this project's registries, so the fields are checked here against the
/// Tekton API's shape (docs: tekton.dev/docs/pipelines/pipelineruns, operator TektonConfig).
/// </summary>
public sealed class TektonExamplesTests
{
    private static readonly HashSet<string> PipelineRunSpecFields = new(StringComparer.Ordinal)
    {
        "pipelineRef", "pipelineSpec", "params", "status", "timeouts", "taskRunTemplate", "workspaces", "taskRunSpecs",
    };

    private static readonly HashSet<string> PipelineTaskFields = new(StringComparer.Ordinal)
    {
        "name", "displayName", "description", "taskRef", "taskSpec", "when", "runAfter", "retries", "params", "matrix", "workspaces", "timeout", "onError",
    };

    private static readonly HashSet<string> StepFields = new(StringComparer.Ordinal)
    {
        "name", "image", "command", "args", "workingDir", "env", "envFrom", "resources", "computeResources", "volumeMounts", "script",
        "timeout", "workspaces", "onError", "stdoutConfig", "stderrConfig", "securityContext", "imagePullPolicy", "ref", "params", "results", "when",
    };

    [Fact]
    public void Example_pipeline_run_is_a_tekton_v1_run_with_embedded_tasks()
    {
        var run = Load("pipelinerun.yaml");

        Assert.Equal(("tekton.dev/v1", "PipelineRun"), (run["apiVersion"]!.GetValue<string>(), run["kind"]!.GetValue<string>()));
        Assert.NotNull(run["metadata"]!["generateName"]);
        Assert.Subset(PipelineRunSpecFields, run["spec"]!.AsObject().Select(p => p.Key).ToHashSet());
        var tasks = run["spec"]!["pipelineSpec"]!["tasks"]!.AsArray();
        Assert.NotEmpty(tasks);
        Assert.All(tasks, task =>
        {
            Assert.Subset(PipelineTaskFields, task!.AsObject().Select(p => p.Key).ToHashSet());
            var steps = task["taskSpec"]!["steps"]!.AsArray();
            Assert.All(steps, step =>
            {
                Assert.Subset(StepFields, step!.AsObject().Select(p => p.Key).ToHashSet());
                Assert.False(string.IsNullOrEmpty(step["image"]?.GetValue<string>()), "every step names an image");
            });
        });
    }

    [Fact]
    public void Relay_decodes_the_example_runs_events_to_a_github_target_once_the_placeholders_are_filled()
    {
        var run = Load("pipelinerun.yaml");
        var annotations = run["metadata"]!["annotations"]!.AsObject();
        Assert.All(annotations, a => Assert.StartsWith("relay.tekton.dev/scm.", a.Key, StringComparison.Ordinal));
        annotations["relay.tekton.dev/scm.repo-owner"] = "acme";
        annotations["relay.tekton.dev/scm.repo-name"] = "shop";
        annotations["relay.tekton.dev/scm.commit-sha"] = "3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d";
        run["metadata"]!["name"] = "hello-relay-x7k2p";
        run["metadata"]!.AsObject().Remove("generateName");

        using var body = JsonDocument.Parse(new JsonObject { ["pipelineRun"] = run }.ToJsonString());
        var decoded = TektonEventDecoder.Decode(new TektonCloudEvent("1", "/apis///namespaces/default//hello-relay-x7k2p",
            "dev.tekton.event.pipelinerun.started.v1", null, body.RootElement.Clone()));

        Assert.Equal(DecodeStatus.Decoded, decoded.Status);
        Assert.Equal(("github", "acme", "shop"), (decoded.Event!.Scm!.Provider, decoded.Event.Scm.Owner, decoded.Event.Scm.Repository));
        Assert.Equal("default/hello-relay-x7k2p", decoded.Event.RunKey);
    }

    [Fact]
    public void Example_tekton_config_sets_the_sink_of_config_events()
    {
        var config = Load("tektonconfig.yaml");
        var configEvents = Load(RepositoryRoot.File("deploy", "k8s", "tekton", "config-events.yaml"));

        Assert.Equal(("operator.tekton.dev/v1alpha1", "TektonConfig", "config"),
            (config["apiVersion"]!.GetValue<string>(), config["kind"]!.GetValue<string>(), config["metadata"]!["name"]!.GetValue<string>()));
        var data = config["spec"]!["pipeline"]!["options"]!["configMaps"]!["config-events"]!["data"]!;
        Assert.Equal(configEvents["data"]!["sink"]!.GetValue<string>(), data["sink"]!.GetValue<string>());
        Assert.Equal(configEvents["data"]!["formats"]!.GetValue<string>(), data["formats"]!.GetValue<string>());
        Assert.True(config["spec"]!["pipeline"]!["send-cloudevents-for-runs"]!.GetValue<bool>());
    }

    private static JsonNode Load(string file)
    {
        var path = Path.IsPathRooted(file) ? file : RepositoryRoot.File("examples", "tekton", file);
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize(new StringReader(File.ReadAllText(path)));
        var json = new SerializerBuilder().JsonCompatible().Build().Serialize(yaml);
        return JsonNode.Parse(json)!;
    }
}
