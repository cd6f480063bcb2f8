using Relay.Grains.Runs.RunModel;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Runs.Tests;

public sealed class StatePrecedenceTests
{
    [Theory]
    [InlineData(CiState.Queued, CiState.Pending, true)]
    [InlineData(CiState.Pending, CiState.Running, true)]
    [InlineData(CiState.Running, CiState.Pending, false)]
    [InlineData(CiState.Running, CiState.Queued, false)]
    [InlineData(CiState.Running, CiState.Running, true)]
    [InlineData(CiState.Running, CiState.Success, true)]
    [InlineData(CiState.Queued, CiState.Failure, true)]
    [InlineData(CiState.Success, CiState.Running, false)]
    [InlineData(CiState.Success, CiState.Pending, false)]
    [InlineData(CiState.Failure, CiState.Queued, false)]
    [InlineData(CiState.Success, CiState.Success, false)]
    public void States_only_move_forward(CiState current, CiState incoming, bool supersedes)
    {
        var record = new ResourceRecord { State = current, LastTransitionTime = DateTimeOffset.UnixEpoch };

        Assert.Equal(supersedes, StatePrecedence.Supersedes(record, RelayEvents.PipelineRun("r", incoming, "abc1234")));
    }

    [Fact]
    public void Between_terminal_states_the_later_transition_wins()
    {
        var record = new ResourceRecord { State = CiState.Failure, LastTransitionTime = RelayEvents.PipelineRun("r", CiState.Failure, "abc1234", transitionSecond: 10).LastTransitionTime };

        Assert.True(StatePrecedence.Supersedes(record, RelayEvents.PipelineRun("r", CiState.Success, "abc1234", transitionSecond: 20)));
        Assert.False(StatePrecedence.Supersedes(record, RelayEvents.PipelineRun("r", CiState.Success, "abc1234", transitionSecond: 5)));
    }

    [Fact]
    public void Anything_supersedes_nothing()
    {
        Assert.True(StatePrecedence.Supersedes(null, RelayEvents.PipelineRun("r", CiState.Queued, "abc1234")));
    }
}
