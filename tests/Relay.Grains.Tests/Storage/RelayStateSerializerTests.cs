using System.Text;
using Relay.Grains.Events;
using Relay.Grains.Actions;
using Relay.Grains.Actions.GitHub;
using Relay.Grains.Runs;
using Relay.Grains.Runs.RunModel;
using Relay.Grains.Storage;
using Relay.Runs;
using Xunit;

namespace Relay.Grains.Storage.Tests;

/// <summary>
/// Stored state is a contract across versions: records written by the previous format (golden files) must load,
/// and nothing in the format may depend on .NET type names.
/// </summary>
public sealed class RelayStateSerializerTests
{
    private readonly RelayStateSerializer _serializer = new();

    [Fact]
    public void Run_state_written_by_format_v1_loads()
    {
        var state = Load<PipelineRunGrainState>("pipelinerun-state-v1.json");

        Assert.Equal(1, state.Version);
        Assert.Equal(("ci", "webapp-pr-42-x7k2p", RunKind.PipelineRun), (state.Namespace, state.RunName, state.Kind));
        Assert.Equal("9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920", state.Scm!.CommitSha);
        Assert.Equal(CiState.Success, state.Run!.State);
        Assert.Equal(CiState.Success, state.Tasks["unit-test"].State);
        Assert.Single(state.RecordedEvents);
        var ledger = state.Ledger["github/checks|tekton/webapp-ci"];
        Assert.Equal((CiState.Success, "success", Delivery.Delivered, 3L), (ledger.CiState, ledger.State, ledger.Delivery, ledger.OutboxId));
        var entry = Assert.Single(state.Outbox);
        Assert.Equal((1, "GitHub answered 502: Bad Gateway"), (entry.Attempts, entry.LastError));
        Assert.True(entry.LegacyMembers!.ContainsKey("commit_status"));
        Assert.Equal(5, state.NextOutboxId);
        Assert.True(state.CleanupScheduled);
    }

    [Fact]
    public void A_format_v1_record_upgrades_to_an_envelope_with_the_same_commit_status_and_keys_with_the_commit()
    {
        var state = Load<PipelineRunGrainState>("pipelinerun-state-v1.json");

        Assert.True(RunStateUpgrade.Upgrade(state, Readers, recordExists: true));

        var entry = Assert.Single(state.Outbox);
        Assert.Null(entry.LegacyMembers);
        Assert.Equal(("github", "github", "commit_status"), (entry.Effect!.Provider, entry.Effect.Instance, entry.Effect.Type));
        var command = GitHubJson.ReadCommand(entry.Effect.Payload)!;
        Assert.Equal("github/checks|9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920|tekton/webapp-ci/unit-test", entry.LedgerKey);
        Assert.Contains("github/checks|9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920|tekton/webapp-ci", state.Ledger.Keys);
        Assert.Equal((PipelineRunGrainState.CurrentVersion, RunStateUpgrade.LegacyIncarnation), (state.Version, state.Incarnation));
        Assert.Equal(
            ("commit_status", "acme", "webapp", "tekton/webapp-ci/unit-test", "success", "unit-test succeeded in 1m 39s"),
            (command.Type, command.Owner, command.Repository, command.Context, command.State, command.Description));
        Assert.Equal("9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920", command.Sha);
    }

    [Fact]
    public void Run_state_written_by_format_v2_loads()
    {
        var state = Load<PipelineRunGrainState>("pipelinerun-state-v2.json");

        Assert.Equal(2, state.Version);
        Assert.Equal("sha256:0d5c", state.Run!.Results!["IMAGE_DIGEST"]);
        var check = state.Ledger["github/run|check:tekton/webapp-ci"];
        Assert.Equal((4242L, "5f1e0c9a2b7d4e6f8a9b0c1d2e3f4a5b", Delivery.Delivered), (check.ResourceId, check.ContentHash, check.Delivery));
        var labels = state.Ledger["github/labels|labels:#42"];
        Assert.Equal((Delivery.Failed, "3f9a1c0e5b7d2a4c6e8f"), (labels.Delivery, labels.DeadLetterId));
        Assert.Equal(["ci/running"], labels.Labels);
        var entry = Assert.Single(state.Outbox);
        Assert.True(entry.LegacyMembers!.ContainsKey("github"));
        Assert.Equal(("dev.tekton.event.pipelinerun.running.v1", 1), (entry.EventType, entry.RateLimitWaits));
        Assert.Equal(7, state.NextOutboxId);
    }

    [Fact]
    public void A_format_v2_record_upgrades_commands_to_envelopes_and_ids_and_labels_to_memos()
    {
        var state = Load<PipelineRunGrainState>("pipelinerun-state-v2.json");
        var sha = state.Scm!.CommitSha;

        Assert.True(RunStateUpgrade.Upgrade(state, Readers, recordExists: true));

        var entry = Assert.Single(state.Outbox);
        var command = GitHubJson.ReadCommand(entry.Effect!.Payload)!;
        Assert.Equal(("commit_status", "tekton/webapp-ci/unit-test"), (command.Type, command.Context));
        var check = state.Ledger[$"github/run|{sha}|check:tekton/webapp-ci"];
        Assert.Equal(("4242", "github", sha), (check.Memo!.ResourceId, check.Provider, check.Commit));
        Assert.Null(check.ResourceId);
        var labels = state.Ledger[$"github/labels|{sha}|labels:#42"];
        Assert.Equal(["ci/running"], GitHubJson.ReadMemo(labels.Memo!.Data).Labels!);
        Assert.False(RunStateUpgrade.Upgrade(state, Readers, recordExists: true));
    }

    [Fact]
    public void Run_state_written_by_format_v3_loads_and_round_trips()
    {
        var state = Load<PipelineRunGrainState>("pipelinerun-state-v3.json");

        Assert.Equal((3, "3b7c0e1f9a2d4c6b8e0f1a2b3c4d5e6f", "5a1c9d2e-7b3f-4e6a-9c1d-2e3f4a5b6c7d"), (state.Version, state.Incarnation, state.Uid));
        Assert.False(RunStateUpgrade.Upgrade(state, Readers, recordExists: true));
        var entry = Assert.Single(state.Outbox);
        Assert.Equal(("github", "commit_status"), (entry.Effect!.Provider, entry.Effect.Type));
        Assert.Equal("tekton/webapp-ci/unit-test", GitHubJson.ReadCommand(entry.Effect.Payload)!.Context);
        var check = state.Ledger["github/run|9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920|check:tekton/webapp-ci"];
        Assert.Equal("4242", check.Memo!.ResourceId);
        Assert.Equal(["old-uid-1"], state.RetiredUids);
        var json = _serializer.Serialize(state).ToString();
        Assert.Equal(json, _serializer.Serialize(_serializer.Deserialize<PipelineRunGrainState>(new BinaryData(Encoding.UTF8.GetBytes(json)))).ToString());
        Assert.Contains("\"payload\":{\"instance\":\"github\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Current_format_round_trips_the_v2_record()
    {
        var original = Load<PipelineRunGrainState>("pipelinerun-state-v2.json");

        var copy = _serializer.Deserialize<PipelineRunGrainState>(_serializer.Serialize(original));

        Assert.Equal(_serializer.Serialize(original).ToString(), _serializer.Serialize(copy).ToString());
    }

    [Fact]
    public void Current_format_round_trips_the_v1_record()
    {
        var original = Load<PipelineRunGrainState>("pipelinerun-state-v1.json");

        var copy = _serializer.Deserialize<PipelineRunGrainState>(_serializer.Serialize(original));

        Assert.Equal(_serializer.Serialize(original).ToString(), _serializer.Serialize(copy).ToString());
    }

    [Fact]
    public void Stored_json_names_no_dotnet_type()
    {
        var json = _serializer.Serialize(Load<PipelineRunGrainState>("pipelinerun-state-v1.json")).ToString();

        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Relay.", json, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newer_silo_s_extra_fields_are_ignored_by_this_one()
    {
        var json = """{"version":2,"run_name":"r","field_from_the_future":{"x":[1,2]},"ledger":{}}""";

        var state = _serializer.Deserialize<PipelineRunGrainState>(new BinaryData(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(("r", 2), (state.RunName, state.Version));
    }

    [Fact]
    public void Fields_missing_from_an_older_record_keep_their_defaults()
    {
        var state = _serializer.Deserialize<PipelineRunGrainState>(new BinaryData("""{"version":1}"""u8.ToArray()));

        Assert.Empty(state.Outbox);
        Assert.Empty(state.Ledger);
        Assert.Equal(1, state.NextOutboxId);
        Assert.False(state.CleanupScheduled);
    }

    private static readonly ILegacyEffectReader[] Readers = [new GitHubLegacyEffects()];

    private T Load<T>(string file) =>
        _serializer.Deserialize<T>(new BinaryData(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Storage", "golden", file))));
}
