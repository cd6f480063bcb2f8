using Relay.DeadLetters;
using Relay.Grains.Storage;
using Xunit;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>A replay job's stored records survive the storage format (Redis) whole, so a restarted silo resumes the job it had.</summary>
public sealed class DeadLetterReplayJobStateTests
{
    private readonly RelayStateSerializer _serializer = new();

    [Fact]
    public void Job_progress_round_trips_through_the_storage_format_with_its_filter_counts_and_failures()
    {
        var state = new DeadLetterReplayJobGrainState
        {
            State = DeadLetterReplayJobStates.Running,
            Filter = new DeadLetterFilter { Cause = "422", RunPrefix = "ci/", FailedBefore = new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero) },
            IncludeReplaying = true,
            Total = 2500,
            Done = 300,
            Failed = 1,
            Replayed = 299,
            Outcomes = new(StringComparer.Ordinal) { ["already_delivered"] = 299, ["failed"] = 1 },
            Failures = [new DeadLetterReplayJobFailure("3f9a1c0d7e5b2a486c11", "storage refused")],
            StartedAt = new DateTimeOffset(2026, 12, 1, 11, 0, 0, TimeSpan.Zero),
        };

        var copy = _serializer.Deserialize<DeadLetterReplayJobGrainState>(_serializer.Serialize(state));

        Assert.Equal((state.Version, state.State, state.Filter, state.IncludeReplaying), (copy.Version, copy.State, copy.Filter, copy.IncludeReplaying));
        Assert.Equal((2500, 300, 1, 299, state.StartedAt, (DateTimeOffset?)null), (copy.Total, copy.Done, copy.Failed, copy.Replayed, copy.StartedAt, copy.FinishedAt));
        Assert.Equal(state.Outcomes, copy.Outcomes);
        Assert.Equal(state.Failures, copy.Failures);
    }

    [Fact]
    public void Job_ids_round_trip_in_their_order()
    {
        var ids = new DeadLetterReplayJobIdsState { Ids = ["c", "a", "b"] };

        var copy = _serializer.Deserialize<DeadLetterReplayJobIdsState>(_serializer.Serialize(ids));

        Assert.Equal(["c", "a", "b"], copy.Ids);
    }
}
