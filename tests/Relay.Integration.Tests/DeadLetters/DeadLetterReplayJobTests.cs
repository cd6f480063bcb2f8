using Relay.DeadLetters;
using Relay.Grains.Actions.GitHub;
using Relay.Integration.Tests.Faults;
using Relay.Runs;
using Relay.Testing;
using Relay.Testing.Faults;
using Xunit;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>
/// The bulk replay job (<see cref="IDeadLetterReplayJobGrain"/>) on a 2-silo cluster with memory storage behind fault
/// injectors and a fake GitHub: thousands of entries replayed in batches with progress readable meanwhile, a hand-over
/// failing for some entries, and the job's own progress writes failing.
/// </summary>
public sealed class DeadLetterReplayJobTests : IAsyncLifetime
{
    private const string PipelineRunGrainType = "pipelinerun";
    private const string JobGrainType = "deadletter-replayjob";
    private FakeGitHubServer _github = null!;
    private string _tokenFile = null!;
    private FaultInjectionCluster _cluster = null!;

    private IGrainFactory Grains => _cluster.Cluster.GrainFactory;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "job-token");
        _cluster = await FaultInjectionCluster.StartAsync(_github, _tokenFile);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task A_job_over_thousands_of_entries_reports_growing_progress_and_finishes_with_every_entry_handled()
    {
        const int count = 2500;
        var runKey = await DeliveredRunAsync();
        var cause = "bulk-" + Guid.NewGuid().ToString("N")[..8];
        await AddAsync(Enumerable.Range(0, count).Select(_ => Letter(runKey, cause)));
        var job = Grains.GetDeadLetterReplayJob(NewJobId());

        var started = await job.StartAsync(new DeadLetterFilter { Cause = cause }, includeReplaying: false);

        Assert.Equal((DeadLetterReplayJobStates.Running, count), (started.State, started.Total));
        var seen = new List<int>();
        DeadLetterReplayJob? last = null;
        await Wait.UntilAsync(
            async () =>
            {
                last = await job.GetAsync();
                seen.Add(last!.Done);
                return last.State != DeadLetterReplayJobStates.Running;
            },
            () => $"the job to finish; at {last?.Done} of {last?.Total}",
            TimeSpan.FromMinutes(3));
        Assert.Equal(seen.Order(), seen);
        Assert.Contains(seen, done => done is > 0 and < count);
        Assert.Equal((DeadLetterReplayJobStates.Succeeded, count, count, 0, count), (last!.State, last.Total, last.Done, last.Failed, last.Replayed));
        Assert.Equal(new Dictionary<string, int> { ["already_delivered"] = count }, last.Outcomes);
        Assert.NotNull(last.FinishedAt);
        // Every entry was already delivered, so every one left the store; a job started afterwards finds none.
        Assert.Equal(0, (await Grains.GetDeadLetterStore().ListAsync(new DeadLetterQuery { Filter = new DeadLetterFilter { Cause = cause } })).Total);
        var again = await Grains.GetDeadLetterReplayJob(NewJobId()).StartAsync(new DeadLetterFilter { Cause = cause }, includeReplaying: false);
        Assert.Equal((DeadLetterReplayJobStates.Succeeded, 0), (again.State, again.Total));
    }

    [Fact]
    public async Task Entries_whose_run_grain_cannot_take_them_fail_the_job_and_go_back_to_failed()
    {
        var delivered = await DeliveredRunAsync();
        var broken = PipelineRunKey.For("ci", "broken-" + Guid.NewGuid().ToString("N")[..8]);
        var cause = "mixed-" + Guid.NewGuid().ToString("N")[..8];
        var good = Enumerable.Range(0, 5).Select(_ => Letter(delivered, cause)).ToList();
        var bad = Enumerable.Range(0, 3).Select(_ => Letter(broken, cause)).ToList();
        await AddAsync(good.Concat(bad));
        var fault = _cluster.Arm(StorageFault.FailWrites(PipelineRunGrainType, times: int.MaxValue, when: c => c.Key.EndsWith(broken, StringComparison.Ordinal)));
        var job = Grains.GetDeadLetterReplayJob(NewJobId());

        await job.StartAsync(new DeadLetterFilter { Cause = cause }, includeReplaying: false);
        var finished = await FinishedAsync(job);
        GrainStorageFaults.DisarmAll(_cluster.Cluster, fault);

        Assert.Equal((DeadLetterReplayJobStates.Failed, 8, 8, 3), (finished.State, finished.Total, finished.Done, finished.Failed));
        Assert.Equal(new Dictionary<string, int> { ["already_delivered"] = 5, ["failed"] = 3 }, finished.Outcomes);
        Assert.Equal(bad.Select(l => l.Id).Order(), finished.Failures.Select(f => f.Id).Order());
        Assert.All(finished.Failures, f => Assert.False(string.IsNullOrEmpty(f.Error)));
        foreach (var letter in bad)
        {
            var stored = await Grains.GetDeadLetterStore().GetAsync(letter.Id);
            Assert.Equal((DeadLetterStates.Failed, 1), (stored!.State, stored.Replays));
        }
    }

    [Fact]
    public async Task A_job_whose_progress_cannot_be_stored_for_a_while_still_handles_every_entry_once()
    {
        var runKey = await DeliveredRunAsync();
        var cause = "unstored-" + Guid.NewGuid().ToString("N")[..8];
        await AddAsync(Enumerable.Range(0, 350).Select(_ => Letter(runKey, cause)));
        var id = NewJobId();
        // The job's start is stored (its first write); the progress writes of its first two batches fail.
        var writes = 0;
        var fault = _cluster.Arm(StorageFault.FailWrites(JobGrainType, times: 2, when: c =>
            c.Key == id && c.StateName == "deadletter-replayjob" && Interlocked.Increment(ref writes) > 1));
        var job = Grains.GetDeadLetterReplayJob(id);

        await job.StartAsync(new DeadLetterFilter { Cause = cause }, includeReplaying: false);
        var finished = await FinishedAsync(job);

        Assert.Equal(2, fault.Injected);
        Assert.Equal((DeadLetterReplayJobStates.Succeeded, 350, 350, 0), (finished.State, finished.Total, finished.Done, finished.Failed));
        Assert.Equal(new Dictionary<string, int> { ["already_delivered"] = 350 }, finished.Outcomes);
    }

    [Fact]
    public async Task Starting_the_same_job_twice_returns_the_first_and_an_unknown_job_is_null()
    {
        var runKey = await DeliveredRunAsync();
        var cause = "twice-" + Guid.NewGuid().ToString("N")[..8];
        await AddAsync([Letter(runKey, cause)]);
        var job = Grains.GetDeadLetterReplayJob(NewJobId());

        var first = await job.StartAsync(new DeadLetterFilter { Cause = cause }, includeReplaying: false);
        var second = await job.StartAsync(new DeadLetterFilter { Cause = "something else" }, includeReplaying: true);

        Assert.Equal((1, false), (second.Total, second.IncludeReplaying));
        Assert.Equal(first.StartedAt, second.StartedAt);
        Assert.Null(await Grains.GetDeadLetterReplayJob(NewJobId()).GetAsync());
        Assert.Null(await Grains.GetDeadLetterReplayJob(NewJobId()).WaitAsync(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(DeadLetterReplayJobStates.Succeeded, (await FinishedAsync(job)).State);
    }

    private static string NewJobId() => Guid.NewGuid().ToString("N");

    private static async Task<DeadLetterReplayJob> FinishedAsync(IDeadLetterReplayJobGrain job)
    {
        DeadLetterReplayJob? last = null;
        await Wait.UntilAsync(
            async () => (last = await job.GetAsync())!.State != DeadLetterReplayJobStates.Running,
            () => $"the job to finish; at {last?.Done} of {last?.Total}",
            TimeSpan.FromMinutes(2));
        return last!;
    }

    private async Task AddAsync(IEnumerable<DeadLetter> letters)
    {
        foreach (var chunk in letters.Chunk(50))
        {
            await Task.WhenAll(chunk.Select(l => Grains.GetDeadLetterShard(l.Id).AddAsync(l)));
        }
    }

    /// <summary>A run whose one status (outbox entry 1, ledger row <c>github/statuses|tekton/{pipeline}</c>) was delivered.</summary>
    private async Task<string> DeliveredRunAsync()
    {
        var run = new TektonRun("job-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(200, await _cluster.SendAsync(run.PipelineRunEvent("running")));
        RunSnapshot? last = null;
        await Wait.UntilAsync(
            async () => (last = await _cluster.SnapshotAsync(run)) is { OutboxDepth: 0, Ledger: [{ Delivery: "delivered" }] },
            () => $"the pending status of {run.Name} delivered; outbox {last?.OutboxDepth}");
        return PipelineRunKey.For(run.Namespace, run.Name);
    }

    /// <summary>A dead letter for outbox entry 1 of <paramref name="runKey"/>: replaying it posts nothing when that entry was delivered.</summary>
    private static DeadLetter Letter(string runKey, string cause) => new()
    {
        Id = Guid.NewGuid().ToString("N")[..20],
        RunKey = runKey,
        LedgerKey = "github/statuses|tekton/webapp-ci",
        Provider = "github",
        Action = "github/statuses",
        Type = "commit_status",
        Effect = Effect(new GitHubCommand
        {
            Instance = "github",
            Type = "commit_status",
            Owner = "acme",
            Repository = "webapp",
            Sha = RelayEvents.NewSha(),
            Context = "tekton/webapp-ci",
            State = "pending",
            Description = "webapp-ci is running",
        }),
        Cause = cause,
        StatusCode = 422,
        Attempts = 1,
        FailedAt = DateTimeOffset.UtcNow,
        OutboxId = 1,
    };

    private static Relay.Actions.Effect Effect(GitHubCommand command) => new()
    {
        Provider = GitHubActionPlanner.Provider,
        Instance = command.Instance,
        Type = command.Type,
        Payload = GitHubJson.Write(command),
        Summary = command.Describe(),
    };
}
