using Relay.Runs;
using Xunit;

namespace Relay.Receiver.Tekton.Tests;

/// <summary>SPEC §2's state table, row by row.</summary>
public sealed class TektonStateMapperTests
{
    [Theory]
    [InlineData("queued", null, CiState.Queued)]
    [InlineData("started", "Started", CiState.Pending)]
    [InlineData("started", null, CiState.Pending)]
    [InlineData("unknown", "Pending", CiState.Pending)]
    [InlineData("unknown", "PipelineRunPending", CiState.Pending)]
    [InlineData("unknown", "ToBeRetried", CiState.Pending)]
    [InlineData("unknown", "ResolvingTaskRef", CiState.Pending)]
    [InlineData("unknown", "ResolvingPipelineRef", CiState.Pending)]
    [InlineData("running", "Running", CiState.Running)]
    [InlineData("unknown", "PipelineRunStopping", CiState.Running)]
    [InlineData("unknown", "CancelledRunningFinally", CiState.Running)]
    [InlineData("unknown", null, CiState.Running)]
    [InlineData("successful", "Succeeded", CiState.Success)]
    [InlineData("successful", "Completed", CiState.Success)]
    [InlineData("successful", "DurationElapsed", CiState.Success)]
    [InlineData("failed", "Cancelled", CiState.Canceled)]
    [InlineData("failed", "PipelineRunCancelled", CiState.Canceled)]
    [InlineData("failed", "TaskRunCancelled", CiState.Canceled)]
    [InlineData("failed", "CustomRunCancelled", CiState.Canceled)]
    [InlineData("failed", "TaskRunValidationFailed", CiState.Error)]
    [InlineData("failed", "PipelineValidationFailed", CiState.Error)]
    [InlineData("failed", "TaskRunResolutionFailed", CiState.Error)]
    [InlineData("failed", "CreateRunFailed", CiState.Error)]
    [InlineData("failed", "CouldntGetPipeline", CiState.Error)]
    [InlineData("failed", "InvalidTaskResultReference", CiState.Error)]
    [InlineData("failed", "RunDeleted", CiState.Error)]
    [InlineData("failed", "Failed", CiState.Failure)]
    [InlineData("failed", "StepFailed", CiState.Failure)]
    [InlineData("failed", "TaskRunImagePullFailed", CiState.Failure)]
    [InlineData("failed", null, CiState.Failure)]
    public void Suffix_and_reason_map_to_the_state_of_the_table(string suffix, string? reason, CiState expected)
    {
        var (state, timedOut) = TektonStateMapper.Map(suffix, reason);

        Assert.Equal(expected, state);
        Assert.False(timedOut);
    }

    [Theory]
    [InlineData("TaskRunTimeout")]
    [InlineData("PipelineRunTimeout")]
    [InlineData("CustomRunTimedOut")]
    [InlineData("TimedOut")]
    public void Timeouts_are_failures_marked_as_timed_out(string reason)
    {
        var (state, timedOut) = TektonStateMapper.Map("failed", reason);

        Assert.Equal(CiState.Failure, state);
        Assert.True(timedOut);
    }

    [Fact]
    public void Unknown_suffix_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TektonStateMapper.Map("exploded", null));
    }
}
