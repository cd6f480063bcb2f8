using System.Text;
using System.Text.Json;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Receiver.Tekton.Tests;

public sealed class TektonEventDecoderTests
{
    private const string PrSha = "9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920";

    public static TheoryData<string> RealSamples() => new(TektonSamples.All.Where(s => s.Name.StartsWith("real-", StringComparison.Ordinal)).Select(s => s.Name));

    public static TheoryData<string> PrSamples() => new(TektonSamples.All.Where(s => s.Name.StartsWith("pr-", StringComparison.Ordinal)).Select(s => s.Name));

    [Theory]
    [MemberData(nameof(RealSamples))]
    public void Real_samples_decode_without_a_reporting_target(string sample)
    {
        var result = Decode(TektonSamples.Get(sample));

        Assert.Equal(DecodeStatus.Decoded, result.Status);
        Assert.Null(result.Event!.Scm);
    }

    [Theory]
    [MemberData(nameof(PrSamples))]
    public void Pr_samples_report_to_the_annotated_commit_of_their_pipeline_run(string sample)
    {
        var relayEvent = Decode(TektonSamples.Get(sample)).Event!;

        Assert.Equal("ci/webapp-pr-42-x7k2p", relayEvent.RunKey);
        Assert.Equal("webapp-ci", relayEvent.PipelineName);
        Assert.Equal("webapp-pr-42-x7k2p", relayEvent.PipelineRunName);
        Assert.NotNull(relayEvent.Scm);
        Assert.Equal("github", relayEvent.Scm.Provider);
        Assert.Equal("acme", relayEvent.Scm.Owner);
        Assert.Equal("webapp", relayEvent.Scm.Repository);
        Assert.Equal(PrSha, relayEvent.Scm.CommitSha);
        Assert.Equal(42, relayEvent.Scm.PullRequest);
    }

    [Theory]
    [InlineData("pr-10", RunKind.TaskRun, "unit-test", CiState.Queued)]
    [InlineData("pr-11", RunKind.TaskRun, "unit-test", CiState.Pending)]
    [InlineData("pr-12", RunKind.TaskRun, "unit-test", CiState.Running)]
    [InlineData("pr-13", RunKind.TaskRun, "unit-test", CiState.Success)]
    [InlineData("pr-17", RunKind.PipelineRun, null, CiState.Pending)]
    [InlineData("pr-18", RunKind.PipelineRun, null, CiState.Running)]
    [InlineData("pr-19", RunKind.PipelineRun, null, CiState.Success)]
    [InlineData("pr-23", RunKind.CustomRun, "approve-deploy", CiState.Pending)]
    [InlineData("pr-24", RunKind.CustomRun, "approve-deploy", CiState.Running)]
    [InlineData("pr-25", RunKind.CustomRun, "approve-deploy", CiState.Success)]
    public void Pr_samples_decode_to_their_kind_task_and_state(string sample, RunKind kind, string? pipelineTask, CiState state)
    {
        var relayEvent = Decode(TektonSamples.Get(sample)).Event!;

        Assert.Equal(kind, relayEvent.Kind);
        Assert.Equal(pipelineTask, relayEvent.PipelineTask);
        Assert.Equal(state, relayEvent.State);
    }

    [Fact]
    public void Event_key_joins_source_type_and_id()
    {
        var sample = TektonSamples.Get("pr-13");

        var relayEvent = Decode(sample).Event!;

        Assert.Equal($"/apis///namespaces/ci//webapp-pr-42-x7k2p-unit-test|dev.tekton.event.taskrun.successful.v1|{sample.Id}", relayEvent.EventKey);
    }

    [Fact]
    public void Standalone_task_run_gets_its_own_run_key_and_reports_under_its_task()
    {
        var relayEvent = Decode(TektonSamples.Get("real-03")).Event!;

        Assert.Equal("ee-cd/taskrun/build-package-pingcap-tidb-linux-2hwws-build-images-6tm9r", relayEvent.RunKey);
        Assert.Null(relayEvent.PipelineRunName);
        Assert.Equal("pingcap-build-images", relayEvent.PipelineName);
    }

    [Fact]
    public void Task_run_in_a_pipeline_links_to_its_pipeline_run()
    {
        var relayEvent = Decode(TektonSamples.Get("real-05")).Event!;

        Assert.Equal("ee-cd/build-package-tikv-tikv-linux-9bn55", relayEvent.RunKey);
        Assert.Equal("build-binaries", relayEvent.PipelineTask);
        Assert.Equal(CiState.Failure, relayEvent.State);
        Assert.Contains("exited with code 1", relayEvent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_run_without_annotations_key_is_decoded()
    {
        var relayEvent = Decode(TektonSamples.Get("real-07")).Event!;

        Assert.Equal(CiState.Running, relayEvent.State);
        Assert.Equal("auto-compose-multi-arch-image", relayEvent.PipelineName);
    }

    [Fact]
    public void Task_results_are_read_from_v1beta1_task_results()
    {
        var relayEvent = Decode(TektonSamples.Get("pr-13")).Event!;

        Assert.NotEmpty(relayEvent.Results);
    }

    [Fact]
    public void V1_results_field_is_read_too()
    {
        var body = """{"taskRun":{"metadata":{"name":"t","namespace":"ns"},"status":{"results":[{"name":"digest","value":"sha256:1"},{"name":"list","value":["a","b"]}]}}}""";

        var relayEvent = Decode("dev.tekton.event.taskrun.successful.v1", body).Event!;

        Assert.Equal("sha256:1", relayEvent.Results["digest"]);
        Assert.Equal("""["a","b"]""", relayEvent.Results["list"]);
    }

    [Fact]
    public void Alias_prefix_annotations_are_read_like_relay_annotations()
    {
        var run = new TektonRun("alias-run") { UseAliasPrefix = true };

        var relayEvent = Decode(run.PipelineRunEvent("running")).Event!;

        Assert.Equal(run.Sha, relayEvent.Scm!.CommitSha);
    }

    [Fact]
    public void Relay_annotations_win_over_pipelines_as_code()
    {
        // pr-* carry PAC labels for sha 50b106… and relay annotations for 9f2c1e…
        Assert.Equal(PrSha, Decode(TektonSamples.Get("pr-18")).Event!.Scm!.CommitSha);
    }

    [Fact]
    public void Pipelines_as_code_labels_are_the_fallback()
    {
        var body = """
            {"pipelineRun":{"metadata":{"name":"pac-run","namespace":"ci","labels":{
              "pipelinesascode.tekton.dev/git-provider":"github","pipelinesascode.tekton.dev/url-org":"acme",
              "pipelinesascode.tekton.dev/url-repository":"webapp","pipelinesascode.tekton.dev/sha":"50b106cf735797d280b20ae829caac3b2e5aab90",
              "pipelinesascode.tekton.dev/pull-request":"7"}},"status":{}}}
            """;

        var scm = Decode("dev.tekton.event.pipelinerun.running.v1", body).Event!.Scm!;

        Assert.Equal(("github", "acme", "webapp", "50b106cf735797d280b20ae829caac3b2e5aab90", 7L), (scm.Provider, scm.Owner, scm.Repository, scm.CommitSha, scm.PullRequest!.Value));
    }

    [Theory]
    [InlineData("relay.tekton.dev/scm.repo-owner", "acme/../../evil")]
    [InlineData("relay.tekton.dev/scm.commit-sha", "main; rm -rf")]
    [InlineData("relay.tekton.dev/scm.repo-name", "")]
    public void Unusable_repository_annotations_give_no_target(string key, string value)
    {
        var annotations = new Dictionary<string, string>
        {
            ["relay.tekton.dev/scm.provider"] = "github",
            ["relay.tekton.dev/scm.repo-owner"] = "acme",
            ["relay.tekton.dev/scm.repo-name"] = "webapp",
            ["relay.tekton.dev/scm.commit-sha"] = PrSha,
        };
        annotations[key] = value;
        var body = JsonSerializer.Serialize(new { pipelineRun = new { metadata = new { name = "r", @namespace = "ci", annotations }, status = new { } } });

        Assert.Null(Decode("dev.tekton.event.pipelinerun.running.v1", body).Event!.Scm);
    }

    [Theory]
    [InlineData("dev.tekton.event.triggers.started.v1")]
    [InlineData("dev.tekton.event.run.started.v1")]
    [InlineData("dev.tekton.event.taskrun.exploded.v1")]
    [InlineData("dev.tekton.event.v1")]
    [InlineData("dev.tekton.event..v1")]
    [InlineData("dev.tekton.event.")]
    [InlineData("com.example.something")]
    public void Other_event_types_are_unsupported(string type)
    {
        Assert.Equal(DecodeStatus.Unsupported, Decode(type, "{}").Status);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"taskRun\":{}}", "must hold an object under 'pipelineRun'")]
    [InlineData("{\"pipelineRun\":\"x\"}", "must hold an object under 'pipelineRun'")]
    [InlineData("{\"pipelineRun\":{}}", "metadata' is missing")]
    [InlineData("{\"pipelineRun\":{\"metadata\":{\"namespace\":\"ci\"}}}", "metadata.name")]
    [InlineData("{\"pipelineRun\":{\"metadata\":{\"name\":\"r\"}}}", "metadata.namespace")]
    [InlineData("{\"pipelineRun\":{\"metadata\":{\"name\":\"../r\",\"namespace\":\"ci\"}}}", "metadata.name")]
    [InlineData("{\"pipelineRun\":{\"metadata\":{\"name\":42,\"namespace\":\"ci\"}}}", "metadata.name")]
    public void Bodies_that_are_not_a_run_are_invalid_with_a_clear_message(string body, string expected)
    {
        var result = Decode("dev.tekton.event.pipelinerun.running.v1", body);

        Assert.Equal(DecodeStatus.Invalid, result.Status);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_in_optional_fields_are_ignored_not_fatal()
    {
        var body = """{"pipelineRun":{"metadata":{"name":"r","namespace":"ci","labels":{"tekton.dev/pipeline":5},"annotations":"x"},"status":{"conditions":"nope","startTime":17,"pipelineResults":{"a":1}}}}""";

        var relayEvent = Decode("dev.tekton.event.pipelinerun.failed.v1", body).Event!;

        Assert.Equal(CiState.Failure, relayEvent.State);
        Assert.Null(relayEvent.StartTime);
        Assert.Equal("r", relayEvent.PipelineName);
    }

    private static DecodeResult Decode(TektonHttpEvent sample)
    {
        using var document = JsonDocument.Parse(sample.Body);
        return TektonEventDecoder.Decode(new TektonCloudEvent(sample.Id, sample.Headers["ce-source"], sample.Type, null, document.RootElement.Clone()));
    }

    private static DecodeResult Decode(string type, string body)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(body));
        return TektonEventDecoder.Decode(new TektonCloudEvent("id-1", "/apis///namespaces/ci//r", type, null, document.RootElement.Clone()));
    }
}
