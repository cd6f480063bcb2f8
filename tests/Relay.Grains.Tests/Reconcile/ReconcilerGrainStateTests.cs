using System.Collections.Immutable;
using Relay.Grains.Storage;
using Relay.Reconcile;
using Xunit;

namespace Relay.Grains.Reconcile.Tests;

/// <summary>The reconciler's watched runs are a stored contract: format 1 loads, and what is written reads back the same.</summary>
public sealed class ReconcilerGrainStateTests
{
    private readonly RelayStateSerializer _serializer = new();

    [Fact]
    public void State_written_by_format_v1_loads()
    {
        var state = _serializer.Deserialize<ReconcilerGrainState>(
            new BinaryData(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Storage", "golden", "reconciler-state-v1.json"))));

        Assert.Equal(1, state.Version);
        var run = Assert.Single(state.Watched).Value;
        Assert.Equal(("ci", "webapp-pr-42-x7k2p", "5b1e8f0a-3c2d-4e6f-8a9b-0c1d2e3f4a5b"), (run.Namespace, run.Name, run.Uid));
        Assert.Equal("webapp-ci", run.Labels["tekton.dev/pipeline"]);
        Assert.Equal("9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920", run.Annotations["relay.tekton.dev/scm.commit-sha"]);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero), run.LastSeenAt);
    }

    [Fact]
    public void Written_state_reads_back_equal()
    {
        var run = new WatchedRun
        {
            Namespace = "ci",
            Name = "build-1",
            Uid = "uid-1",
            Labels = ImmutableDictionary<string, string>.Empty.Add("tekton.dev/pipeline", "p"),
            Annotations = ImmutableDictionary<string, string>.Empty.Add("pipelinesascode.tekton.dev/sha", "abc1234"),
            LastSeenAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero),
        };
        var state = new ReconcilerGrainState { Watched = { [run.Key] = run } };

        var read = _serializer.Deserialize<ReconcilerGrainState>(_serializer.Serialize(state));

        var back = Assert.Single(read.Watched).Value;
        Assert.Equal((run.Namespace, run.Name, run.Uid, run.LastSeenAt), (back.Namespace, back.Name, back.Uid, back.LastSeenAt));
        Assert.Equal(run.Labels, back.Labels);
        Assert.Equal(run.Annotations, back.Annotations);
    }
}
