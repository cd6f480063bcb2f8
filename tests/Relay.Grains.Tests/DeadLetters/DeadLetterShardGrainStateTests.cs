using System.Text;
using Relay.DeadLetters;
using Relay.Grains.Actions;
using Relay.Grains.Actions.GitHub;
using Relay.Grains.Storage;
using Xunit;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>
/// The dead-letter store's stored records are a contract: the shard's v1 (whole entries) and v2 (an index of summaries)
/// golden files and the per-letter record's v1 must load, and no record names a .NET type.
/// </summary>
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

    [Fact]
    public void Shard_state_written_by_format_v2_loads_as_an_index()
    {
        var state = Load("deadletter-shard-state-v2.json");

        Assert.Equal(2, state.Version);
        Assert.Empty(state.Entries);
        Assert.Equal(2, state.Index.Count);
        var status = state.Index["3f9a1c0d7e5b2a486c11"];
        Assert.Equal(("ci/webapp-pr-42-x7k2p", "github", "github/checks", "commit_status"), (status.RunKey, status.Provider, status.Action, status.Type));
        Assert.Equal((DeadLetterStates.Failed, new DateTimeOffset(2026, 7, 14, 9, 13, 41, 350, TimeSpan.Zero)), (status.State, status.FailedAt));
        Assert.Contains("No commit found", status.Cause, StringComparison.Ordinal);
        Assert.Equal(DeadLetterStates.Replaying, state.Index["c5d81e9f0a2b3c4d5e6f"].State);
    }

    [Fact]
    public void Current_format_round_trips_the_v2_record_without_type_names()
    {
        var original = Load("deadletter-shard-state-v2.json");

        var json = _serializer.Serialize(original).ToString();
        var copy = _serializer.Deserialize<DeadLetterShardGrainState>(new BinaryData(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(json, _serializer.Serialize(copy).ToString());
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Relay.", json, StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_of_a_v1_entry_is_what_the_v2_index_holds()
    {
        var v1 = Load("deadletter-shard-state-v1.json");
        var v2 = Load("deadletter-shard-state-v2.json");

        Assert.Equal(v2.Index["3f9a1c0d7e5b2a486c11"], DeadLetterSummary.Of(v1.Entries["3f9a1c0d7e5b2a486c11"]));
    }

    [Fact]
    public void Letter_record_written_by_format_v1_loads_with_its_body()
    {
        var state = StoredStates.Load<DeadLetterGrainState>("deadletter-state-v1.json");

        Assert.Equal(1, state.Version);
        var letter = state.Letter!;
        Assert.Equal(("a07c55e1b2d94f3e8812", DeadLetterStates.Replaying, 1, 7), (letter.Id, letter.State, letter.Replays, letter.Attempts));
        Assert.StartsWith("<!-- relay:", GitHubJson.ReadCommand(letter.Effect!.Payload)!.Body, StringComparison.Ordinal);
        var json = _serializer.Serialize(state).ToString();
        Assert.Equal(json, _serializer.Serialize(_serializer.Deserialize<DeadLetterGrainState>(new BinaryData(Encoding.UTF8.GetBytes(json)))).ToString());
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
    }

    private DeadLetterShardGrainState Load(string file) =>
        _serializer.Deserialize<DeadLetterShardGrainState>(
            new BinaryData(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Storage", "golden", file))));
}
