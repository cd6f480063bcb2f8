using System.Text;
using Relay.DeadLetters;
using Relay.Grains.Actions;
using Relay.Grains.Actions.GitHub;
using Relay.Grains.Storage;
using Xunit;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>The dead-letter shard's stored record is a contract: the v1 golden file must load, and names no .NET type.</summary>
public sealed class DeadLetterShardGrainStateTests
{
    private readonly RelayStateSerializer _serializer = new();

    [Fact]
    public void Shard_state_written_by_format_v1_loads()
    {
        var state = Load("deadletter-shard-state-v1.json");

        Assert.Equal(1, state.Version);
        Assert.Equal(2, state.Entries.Count);
        var status = state.Entries["3f9a1c0d7e5b2a486c11"];
        Assert.Equal(("ci/webapp-pr-42-x7k2p", "github/checks", "commit_status"), (status.RunKey, status.Action, status.Type));
        Assert.Equal((422, 1, DeadLetterStates.Failed, 0, 7L), (status.StatusCode, status.Attempts, status.State, status.Replays, status.OutboxId));
        var readers = new ILegacyEffectReader[] { new GitHubLegacyEffects() };
        var statusCommand = GitHubJson.ReadCommand(DeadLetterUpgrade.Upgrade(status, readers).Effect!.Payload)!;
        Assert.Equal(("tekton/webapp-ci/unit-test", "failure"), (statusCommand.Context, statusCommand.State));
        Assert.Equal(new DateTimeOffset(2026, 7, 14, 9, 13, 41, 350, TimeSpan.Zero), status.FailedAt);
        Assert.Contains("422", status.Cause, StringComparison.Ordinal);
        var comment = state.Entries["a07c55e1b2d94f3e8812"];
        Assert.Equal((DeadLetterStates.Replaying, 1, 7), (comment.State, comment.Replays, comment.Attempts));
        var upgraded = DeadLetterUpgrade.Upgrade(comment, readers);
        var commentCommand = GitHubJson.ReadCommand(upgraded.Effect!.Payload)!;
        Assert.Equal(("github", "pr_comment"), (upgraded.Effect.Provider, upgraded.Effect.Type));
        Assert.Equal((43L, true), (commentCommand.Number, commentCommand.Upsert));
        Assert.Equal(["ci-failed"], commentCommand.AddLabels!);
        Assert.StartsWith("<!-- relay:", commentCommand.Body, StringComparison.Ordinal);
        Assert.Null(upgraded.LegacyMembers);
        Assert.Null(comment.EventKey);
    }

    [Fact]
    public void Current_format_round_trips_the_v1_record_without_type_names()
    {
        var original = Load("deadletter-shard-state-v1.json");

        var json = _serializer.Serialize(original).ToString();
        var copy = _serializer.Deserialize<DeadLetterShardGrainState>(new BinaryData(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(json, _serializer.Serialize(copy).ToString());
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Relay.", json, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_record_has_no_entries()
    {
        var state = _serializer.Deserialize<DeadLetterShardGrainState>(new BinaryData("""{"version":1}"""u8.ToArray()));

        Assert.Empty(state.Entries);
    }

    private DeadLetterShardGrainState Load(string file) =>
        _serializer.Deserialize<DeadLetterShardGrainState>(
            new BinaryData(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Storage", "golden", file))));
}
