using System.Net;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>
/// A PipelineRun deleted and re-created under the same name is a new run (its <c>metadata.uid</c> differs): its states
/// are posted for its own commit, and late events of the old one change nothing.
/// </summary>
[Collection(GitHubRelayCollection.Name)]
public sealed class RunIdentityTests(GitHubRelayFixture fixture)
{
    [Fact]
    public async Task A_pipelinerun_recreated_under_the_same_name_posts_its_own_states_and_ignores_the_old_run()
    {
        var name = "recreated-" + Guid.NewGuid().ToString("N")[..8];
        var first = new TektonRun(name);
        await PostAsync(first.PipelineRunEvent("running"));
        await PostAsync(first.PipelineRunEvent("successful", minute: 2));
        await Wait.UntilAsync(
            () => fixture.GitHub.StatusesFor(first.Sha).Count == 2,
            () => $"the first run's pending and success; got {fixture.GitHub.StatusesFor(first.Sha).Count}");

        var second = new TektonRun(name);
        await PostAsync(second.PipelineRunEvent("running"));
        await PostAsync(first.PipelineRunEvent("failed", reason: "Failed", minute: 3));
        await PostAsync(second.PipelineRunEvent("successful", minute: 2));

        await Wait.UntilAsync(
            () => fixture.GitHub.StatusesFor(second.Sha).Count == 2,
            () => $"the new run's pending and success; got [{string.Join(", ", fixture.GitHub.StatusesFor(second.Sha).Select(s => s.State))}]");
        Assert.Equal(["pending", "success"], fixture.GitHub.StatusesFor(second.Sha).Select(s => s.State));
        Assert.Equal(["pending", "success"], fixture.GitHub.StatusesFor(first.Sha).Select(s => s.State));
    }

    private async Task PostAsync(TektonHttpEvent tektonEvent)
    {
        using var response = await fixture.Relay.PostAsync(tektonEvent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
