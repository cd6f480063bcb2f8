using Relay.Events;
using Relay.Grains.Tests;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Actions.Claims.Tests;

/// <summary>
/// Newest run wins per commit and context, on the shared 2-silo cluster: two runs of one pipeline on one commit, the
/// older one's events handled on one silo, the newer one's on the other.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class NewestRunWinsTests(RelayClusterFixture fixture)
{
    private static readonly DateTimeOffset Created = new(2026, 7, 14, 8, 59, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_older_run_finishing_after_the_newer_one_posts_nothing_and_its_ledger_names_the_newer_run()
    {
        var sha = RelayEvents.NewSha();
        var (older, newer) = (NewRun(), NewRun());
        var (siloA, siloB) = Silos();

        await Accept(siloA, Run(older, CiState.Running, sha, Created));
        await DrainedAsync(older);
        await Accept(siloB, Run(newer, CiState.Running, sha, Created.AddMinutes(2)));
        await Accept(siloB, Run(newer, CiState.Success, sha, Created.AddMinutes(2)));
        await DrainedAsync(newer);
        await Accept(siloA, Run(older, CiState.Failure, sha, Created));
        await DrainedAsync(older);

        var states = fixture.GitHub.StatusesFor(sha).Select(s => s.State ?? "").ToArray();
        Assert.Equal(["pending", "pending", "success"], states);
        var row = Assert.Single((await SnapshotAsync(older)).Ledger);
        Assert.Equal(("failure", "delivered", $"ci/{newer}"), (row.State, row.Delivery, row.SupersededBy));
        Assert.Null(Assert.Single((await SnapshotAsync(newer)).Ledger).SupersededBy);
    }

    [Fact]
    public async Task An_older_run_whose_events_arrive_only_after_the_newer_run_posted_posts_none_of_its_states()
    {
        var sha = RelayEvents.NewSha();
        var (older, newer) = (NewRun(), NewRun());
        var (siloA, siloB) = Silos();

        await Accept(siloB, Run(newer, CiState.Running, sha, Created.AddMinutes(2)));
        await DrainedAsync(newer);
        await Accept(siloA, Run(older, CiState.Running, sha, Created));
        await Accept(siloA, Run(older, CiState.Success, sha, Created));
        await DrainedAsync(older);
        await Accept(siloB, Run(newer, CiState.Failure, sha, Created.AddMinutes(2)));
        await DrainedAsync(newer);

        Assert.Equal(["pending", "failure"], fixture.GitHub.StatusesFor(sha).Select(s => s.State ?? "").ToArray());
        Assert.Equal($"ci/{newer}", Assert.Single((await SnapshotAsync(older)).Ledger).SupersededBy);
    }

    [Fact]
    public async Task Runs_on_different_commits_do_not_compete()
    {
        var (shaA, shaB) = (RelayEvents.NewSha(), RelayEvents.NewSha());
        var (older, newer) = (NewRun(), NewRun());
        var (siloA, siloB) = Silos();

        await Accept(siloB, Run(newer, CiState.Success, shaB, Created.AddMinutes(2)));
        await Accept(siloA, Run(older, CiState.Failure, shaA, Created));
        await DrainedAsync(newer);
        await DrainedAsync(older);

        Assert.Equal(["failure"], fixture.GitHub.StatusesFor(shaA).Select(s => s.State ?? "").ToArray());
        Assert.Equal(["success"], fixture.GitHub.StatusesFor(shaB).Select(s => s.State ?? "").ToArray());
    }

    private static RelayEvent Run(string name, CiState state, string sha, DateTimeOffset created) =>
        RelayEvents.PipelineRun(name, state, sha) with { RunCreatedAt = created, RunUid = $"uid-{name}", Uid = $"uid-{name}" };

    private (IGrainFactory, IGrainFactory) Silos()
    {
        var silos = fixture.Cluster.Silos.Select(fixture.GrainFactoryOf).ToArray();
        return (silos[0], silos[^1]);
    }

    private static async Task Accept(IGrainFactory silo, RelayEvent relayEvent) =>
        Assert.Equal(AcceptOutcome.Accepted, await silo.GetGrain<IEventGrain>(relayEvent.EventKey).AcceptAsync(relayEvent));

    private static string NewRun() => "run-" + Guid.NewGuid().ToString("N")[..12];

    private Task<RunSnapshot> SnapshotAsync(string run) =>
        fixture.Cluster.GrainFactory.GetGrain<IPipelineRunGrain>(PipelineRunKey.For("ci", run)).GetSnapshotAsync();

    private Task DrainedAsync(string run)
    {
        var grain = fixture.Cluster.GrainFactory.GetGrain<IPipelineRunGrain>(PipelineRunKey.For("ci", run));
        RunSnapshot? last = null;
        return Wait.UntilAsync(
            async () => (last = await grain.GetSnapshotAsync()).OutboxDepth == 0,
            () => $"outbox of {run} to drain; still {last?.OutboxDepth} entries");
    }
}
