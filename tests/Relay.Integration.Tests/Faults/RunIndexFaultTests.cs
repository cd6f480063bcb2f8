using Relay.Runs.Index;
using Relay.Testing;
using Relay.Testing.Faults;
using Xunit;

namespace Relay.Integration.Tests.Faults;

/// <summary>
/// The run index is best-effort and must never cost the intake anything: with its storage refusing every read and
/// write, events are still answered 200 and their statuses posted; the listing catches up at the run's next report.
/// </summary>
public sealed class RunIndexFaultTests : IAsyncLifetime
{
    private const string IndexGrainType = "runindexshard";
    private FakeGitHubServer _github = null!;
    private string _tokenFile = null!;
    private FaultInjectionCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "fault-token");
        _cluster = await FaultInjectionCluster.StartAsync(_github, _tokenFile);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task Index_storage_refusing_everything_never_fails_the_intake_and_the_listing_heals_at_the_next_report()
    {
        var ns = "idx-" + Guid.NewGuid().ToString("N")[..8];
        var run = new TektonRun("index-down-" + Guid.NewGuid().ToString("N")[..8], ns);
        var fault = _cluster.Arm(new StorageFault(StorageOperations.Read | StorageOperations.Write, c => c.GrainType == IndexGrainType));

        Assert.Equal(200, await _cluster.SendAsync(run.PipelineRunEvent("running")));
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => $"the pending status of {run.Name} posted while the index is down");
        await Wait.UntilAsync(() => fault.Injected > 0, () => "the index shard to have tried its storage");
        await Assert.ThrowsAnyAsync<Exception>(() => ListAsync(ns));

        fault.Disarm();
        Assert.Equal(200, await _cluster.SendAsync(run.PipelineRunEvent("successful", reason: "Succeeded", minute: 2)));

        await Wait.UntilAsync(
            async () => (await ListAsync(ns)).Items is [{ State: Relay.Runs.CiState.Success } listed] && listed.Name == run.Name,
            () => $"{run.Name} listed as success once the index storage is back");
        Assert.Equal(["pending", "success"], _github.StatusesFor(run.Sha).Select(s => s.State));
    }

    [Fact]
    public async Task Index_writes_failing_leave_the_listing_served_from_memory()
    {
        var ns = "idx-" + Guid.NewGuid().ToString("N")[..8];
        var run = new TektonRun("index-write-" + Guid.NewGuid().ToString("N")[..8], ns);
        var fault = _cluster.Arm(new StorageFault(StorageOperations.Write, c => c.GrainType == IndexGrainType));
        try
        {
            Assert.Equal(200, await _cluster.SendAsync(run.PipelineRunEvent("running")));

            await Wait.UntilAsync(
                async () => (await ListAsync(ns)).Items is [{ } listed] && listed.Name == run.Name,
                () => $"{run.Name} listed while the index cannot write",
                TimeSpan.FromSeconds(5));
            await Wait.UntilAsync(() => fault.Injected > 0, () => "the index shard to have tried to write");
            Assert.Single((await ListAsync(ns)).Items);
        }
        finally
        {
            fault.Disarm();
        }
    }

    private Task<RunListPage> ListAsync(string ns) =>
        _cluster.Cluster.GrainFactory.ListRunsAsync(new RunListQuery { Filter = new RunListFilter { Namespace = ns } });
}
