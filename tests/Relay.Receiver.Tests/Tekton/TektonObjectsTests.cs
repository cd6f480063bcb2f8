using System.Collections.Immutable;
using System.Text.Json;
using Relay.Reconcile;
using Relay.Runs;
using Xunit;

namespace Relay.Receiver.Tekton.Tests;

/// <summary>API objects become the CloudEvents Tekton would have sent, and decode like them.</summary>
public sealed class TektonObjectsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, null, "queued", CiState.Queued)]
    [InlineData("Unknown", "Started", "started", CiState.Pending)]
    [InlineData("Unknown", "Running", "running", CiState.Running)]
    [InlineData("Unknown", "PipelineRunPending", "unknown", CiState.Pending)]
    [InlineData("True", "Succeeded", "successful", CiState.Success)]
    [InlineData("False", "Failed", "failed", CiState.Failure)]
    [InlineData("False", "PipelineRunTimeout", "failed", CiState.Failure)]
    [InlineData("False", "Cancelled", "failed", CiState.Canceled)]
    public void PipelineRun_object_gets_tektons_event_type_and_decodes_to_its_state(string? status, string? reason, string suffix, CiState state)
    {
        var cloudEvent = TektonObjects.ToCloudEvent(RunKind.PipelineRun, PipelineRun(status, reason, resourceVersion: "7"), Now);
        var decoded = TektonEventDecoder.Decode(cloudEvent);

        Assert.Equal($"dev.tekton.event.pipelinerun.{suffix}.v1", cloudEvent.Type);
        Assert.Equal(DecodeStatus.Decoded, decoded.Status);
        Assert.Equal(state, decoded.Event!.State);
        Assert.Equal("ci/build-1", decoded.Event.RunKey);
        Assert.Equal("uid-1", decoded.Event.RunUid);
        Assert.Equal("abc1234", decoded.Event.Scm!.CommitSha);
    }

    [Fact]
    public void Event_id_is_stable_per_uid_and_resource_version()
    {
        var first = TektonObjects.ToCloudEvent(RunKind.PipelineRun, PipelineRun("Unknown", "Running", "7"), Now);
        var again = TektonObjects.ToCloudEvent(RunKind.PipelineRun, PipelineRun("Unknown", "Running", "7"), Now.AddMinutes(5));
        var changed = TektonObjects.ToCloudEvent(RunKind.PipelineRun, PipelineRun("True", "Succeeded", "8"), Now);

        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Source, again.Source);
        Assert.NotEqual(first.Id, changed.Id);
    }

    [Fact]
    public void Deleted_run_decodes_to_error_with_its_message_at_the_time_it_was_last_seen_alive()
    {
        var seen = Now.AddMinutes(-3);
        var run = new WatchedRun
        {
            Namespace = "ci",
            Name = "build-1",
            Uid = "uid-1",
            Annotations = ImmutableDictionary<string, string>.Empty
                .Add("relay.tekton.dev/scm.provider", "github").Add("relay.tekton.dev/scm.repo-owner", "acme")
                .Add("relay.tekton.dev/scm.repo-name", "webapp").Add("relay.tekton.dev/scm.commit-sha", "abc1234"),
            LastSeenAt = seen,
        };
        var task = new ResourceSnapshot { Name = "test", Kind = RunKind.TaskRun, State = CiState.Running, ResourceName = "build-1-test" };

        var runEnded = TektonEventDecoder.Decode(TektonObjects.Deleted(run, task: null, "webapp-ci", Now)).Event!;
        var taskEnded = TektonEventDecoder.Decode(TektonObjects.Deleted(run, task, "webapp-ci", Now)).Event!;

        Assert.Equal((CiState.Error, TektonObjects.DeletedMessage, "ci/build-1"), (runEnded.State, runEnded.Message, runEnded.RunKey));
        Assert.Equal(seen, runEnded.LastTransitionTime);
        Assert.Equal("uid-1", runEnded.RunUid);
        Assert.Equal("webapp-ci", runEnded.PipelineName);
        Assert.Equal((CiState.Error, "test", "ci/build-1", "uid-1"), (taskEnded.State, taskEnded.PipelineTask, taskEnded.RunKey, taskEnded.RunUid));
        Assert.Equal("abc1234", taskEnded.Scm!.CommitSha);
    }

    [Fact]
    public void Only_labels_and_annotations_that_say_where_a_run_reports_are_kept()
    {
        var metadata = JsonDocument.Parse("""
            {"annotations": {"relay.tekton.dev/scm.provider": "github", "kubectl.kubernetes.io/last-applied-configuration": "{}",
                             "pipelinesascode.tekton.dev/sha": "abc1234", "tekton.dev/tekton-events-relay.scm.context": "ci"}}
            """).RootElement;

        var kept = TektonObjects.Kept(metadata, "annotations");

        Assert.Equal(
            ["pipelinesascode.tekton.dev/sha", "relay.tekton.dev/scm.provider", "tekton.dev/tekton-events-relay.scm.context"],
            kept.Keys.Order(StringComparer.Ordinal));
    }

    private static JsonElement PipelineRun(string? status, string? reason, string resourceVersion)
    {
        var condition = status is null
            ? ""
            : ", \"status\": {\"conditions\": [{\"type\": \"Succeeded\", \"status\": \"" + status + "\", \"reason\": \"" + reason
              + "\", \"lastTransitionTime\": \"2026-12-01T11:00:00Z\"}]}";
        return JsonDocument.Parse($$$"""
            {"apiVersion": "tekton.dev/v1", "kind": "PipelineRun",
             "metadata": {"name": "build-1", "namespace": "ci", "uid": "uid-1", "resourceVersion": "{{{resourceVersion}}}",
                          "creationTimestamp": "2026-12-01T10:00:00Z",
                          "annotations": {"relay.tekton.dev/scm.provider": "github", "relay.tekton.dev/scm.repo-owner": "acme",
                                          "relay.tekton.dev/scm.repo-name": "webapp", "relay.tekton.dev/scm.commit-sha": "abc1234"}}
             {{{condition}}}}
            """).RootElement;
    }
}
