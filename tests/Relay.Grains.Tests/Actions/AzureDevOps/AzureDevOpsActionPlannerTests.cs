using Relay.Runs;
using Xunit;

namespace Relay.Grains.Actions.AzureDevOps.Tests;

/// <summary>Azure DevOps' commit status words for Relay's states.</summary>
public sealed class AzureDevOpsActionPlannerTests
{
    [Theory]
    [InlineData(CiState.Queued, "pending")]
    [InlineData(CiState.Pending, "pending")]
    [InlineData(CiState.Running, "pending")]
    [InlineData(CiState.Success, "succeeded")]
    [InlineData(CiState.Failure, "failed")]
    [InlineData(CiState.Error, "error")]
    [InlineData(CiState.Canceled, "error")]
    public void States_are_azure_devops_words(CiState state, string expected) =>
        Assert.Equal(expected, AzureDevOpsActionPlanner.ToAzureDevOpsState(state));
}
