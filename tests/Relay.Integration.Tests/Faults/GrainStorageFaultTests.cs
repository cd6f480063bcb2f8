using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;
using Relay.DeadLetters;
using Relay.Grains.DeadLetters;
using Relay.Grains.Runs;
using Relay.Grains.Storage;
using Relay.Runs;
using Relay.Testing;
using Relay.Testing.Faults;
using Xunit;

namespace Relay.Integration.Tests.Faults;

/// <summary>
/// Single storage and reminder failures injected at the run grain, each answered 503 so that Tekton retries: the retry
/// of the same event must still end in its commit status, posted exactly once.
/// </summary>
public sealed class GrainStorageFaultTests : IAsyncLifetime
{
    private const string PipelineRunGrainType = "pipelinerun";
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
    public async Task Run_state_write_failing_once_then_Tekton_retrying_the_same_event_posts_its_status_exactly_once()
    {
        var run = new TektonRun("write-fails-" + Guid.NewGuid().ToString("N")[..8]);
        var running = run.PipelineRunEvent("running");
        var fault = _cluster.Arm(StorageFault.FailWrites(PipelineRunGrainType, times: 1, when: c => c.Key.EndsWith("/" + run.Name, StringComparison.Ordinal)));

        Assert.Equal(503, await _cluster.SendAsync(running));
        Assert.Equal(1, fault.Injected);
        Assert.Equal(200, await _cluster.SendAsync(running)); // Tekton's retransmission: the same ce-id

        await AssertPostedOnceAsync(run, $"tekton/{run.Pipeline}", "pending");
    }

    [Fact]
    public async Task Events_of_one_run_arriving_while_its_state_write_is_slow_share_writes_and_each_status_is_posted_once()
    {
        // Group commit: applies interleave, and the write that begins next holds every change made meanwhile.
        var run = new TektonRun("group-commit-" + Guid.NewGuid().ToString("N")[..8]);
        var tasks = Enumerable.Range(0, 12).Select(i => $"task-{i:D2}").ToArray();
        var silos = _cluster.Cluster.GetActiveSilos().Select(GrainStorageFaults.Of).ToArray();
        Assert.Equal(200, await _cluster.SendAsync(run.PipelineRunEvent("running")));
        await AssertPostedOnceAsync(run, $"tekton/{run.Pipeline}", "pending");
        foreach (var silo in silos)
        {
            (silo.WriteLatency, silo.RecordCalls) = (TimeSpan.FromMilliseconds(300), true);
        }

        int writes;
        try
        {
            var answers = await Task.WhenAll(tasks.Select(t => _cluster.SendAsync(run.TaskRunEvent(t, "running"))));
            // The writes made while the 12 events were acknowledged (settles of deliveries meanwhile included): one write
            // per event would be 12 at least.
            writes = silos.Sum(s => s.Calls.Count(c => c.GrainType == PipelineRunGrainType && c.Key.EndsWith("/" + run.Name, StringComparison.Ordinal)));
            Assert.All(answers, a => Assert.Equal(200, a));
            foreach (var task in tasks)
            {
                await AssertPostedOnceAsync(run, $"tekton/{run.Pipeline}/{task}", "pending");
            }
        }
        finally
        {
            foreach (var silo in silos)
            {
                (silo.WriteLatency, silo.RecordCalls) = (TimeSpan.Zero, false);
            }
        }

        Assert.True(writes < tasks.Length, $"{writes} writes of the run while its {tasks.Length} events were acknowledged");
    }

    [Fact]
    public async Task A_context_claim_that_takes_most_of_the_deadline_sends_nothing_and_the_retry_posts_the_status_once()
    {
        // Claim storage slower than half the 3 s deadline, then a GitHub slow enough that a request started with what is
        // left would be cut off by the deadline (and, for all Relay knows, acted on: its retry would post twice).
        var run = new TektonRun("slow-claim-" + Guid.NewGuid().ToString("N")[..8]);
        var silos = _cluster.Cluster.GetActiveSilos().Select(GrainStorageFaults.Of).ToArray();
        foreach (var silo in silos)
        {
            (silo.WriteLatency, silo.WriteLatencyStorage) = (TimeSpan.FromSeconds(2), RelayStorage.Claims);
        }

        _github.HangNext(TimeSpan.FromSeconds(1.5), $"/statuses/{run.Sha}");
        try
        {
            Assert.Equal(200, await _cluster.SendAsync(run.PipelineRunEvent("running")));
            await AssertPostedOnceAsync(run, $"tekton/{run.Pipeline}", "pending");
        }
        finally
        {
            foreach (var silo in silos)
            {
                (silo.WriteLatency, silo.WriteLatencyStorage) = (TimeSpan.Zero, null);
            }
        }

        Assert.Equal((1, 0), (_github.Hung, _github.HangsCancelled));
    }

    [Fact]
    public async Task Run_state_write_reported_failed_after_it_happened_then_Tekton_retrying_posts_the_status_exactly_once()
    {
        // A lost reply (Redis timeout after it ran the script): storage holds the new state, the grain kept its old etag.
        var run = new TektonRun("write-lost-" + Guid.NewGuid().ToString("N")[..8]);
        var running = run.PipelineRunEvent("running");
        var fault = _cluster.Arm(new StorageFault(StorageOperations.Write, c => c.GrainType == PipelineRunGrainType && c.Key.EndsWith("/" + run.Name, StringComparison.Ordinal), times: 1)
        {
            Timing = FaultTiming.AfterCall,
        });

        Assert.Equal(503, await _cluster.SendAsync(running));
        Assert.Equal(1, fault.Injected);
        Assert.Equal(200, await _cluster.SendAsync(running));

        await AssertPostedOnceAsync(run, $"tekton/{run.Pipeline}", "pending");
    }

    [Fact]
    public async Task A_state_write_whose_reply_was_lost_while_a_status_was_on_its_way_does_not_post_that_status_again()
    {
        // The pending goes out (held 1.5 s by GitHub) while the next event's write lands but reports failure (a Redis
        // timeout). The settle then meets a stale etag: the stored record is the one written before the pending was
        // answered, and an activation that gave up its memory for it would send the pending again.
        var run = new TektonRun("write-lost-inflight-" + Guid.NewGuid().ToString("N")[..8]);
        var pipelineContext = $"tekton/{run.Pipeline}";
        await StartRunWithItsPendingHeldAsync(run);

        var fault = _cluster.Arm(new StorageFault(StorageOperations.Write, c => IsWriteOf(run, c), times: 1) { Timing = FaultTiming.AfterCall });
        var taskRunning = run.TaskRunEvent("build", "running");
        Assert.Equal(503, await _cluster.SendAsync(taskRunning));
        Assert.Equal(1, fault.Injected);
        await Wait.UntilAsync(() => _github.HangsEnded == 1, () => "the held pending to be answered");
        Assert.Equal(200, await _cluster.SendAsync(taskRunning)); // Tekton's retransmission

        await AssertPostedOnceAsync(run, $"{pipelineContext}/build", "pending");
        await AssertPostedOnceAsync(run, pipelineContext, "pending");
    }

    [Fact]
    public async Task A_status_posted_by_an_activation_that_could_not_store_it_is_looked_up_not_posted_again_by_the_next()
    {
        // The pending goes out (held 1.5 s by GitHub) while Redis refuses every write of the activation: it knows the
        // pending was posted, storage does not. Then another activation writes the record (as during a membership
        // change), so this one retires at its next write. The next activation finds the pending in the stored outbox,
        // not handed over: it waits a deadline, asks GitHub, and posts nothing.
        var run = new TektonRun("not-handed-over-" + Guid.NewGuid().ToString("N")[..8]);
        var pipelineContext = $"tekton/{run.Pipeline}";
        await StartRunWithItsPendingHeldAsync(run);
        var fault = _cluster.Arm(new StorageFault(StorageOperations.Write, c => IsWriteOf(run, c) && c.State is PipelineRunGrainState { Writer: not AnotherActivation }));
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1 && fault.Injected > 0, () => $"the pending to be posted and its settle refused ({fault.Injected} writes refused)");

        await WriteAsAnotherActivationAsync(run);
        fault.Disarm();
        // The live activation retires at its next write; the next one reads the record, where the pending is undelivered.
        await Wait.UntilAsync(
            async () => (await _cluster.SnapshotAsync(run)).OutboxDepth > 0 || _github.StatusesFor(run.Sha).Count > 1,
            () => "an activation that read the stored record (the pending back in its outbox)");

        await AssertPostedOnceAsync(run, pipelineContext, "pending");
        Assert.Contains(_github.Requests, r => r.Method == "GET" && r.Path.EndsWith($"/commits/{run.Sha}/statuses", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cleanup_reminder_registration_failing_once_then_Tekton_retrying_the_same_event_posts_its_status_exactly_once()
    {
        var run = new TektonRun("cleanup-fails-" + Guid.NewGuid().ToString("N")[..8]);
        var running = run.PipelineRunEvent("running");
        var fault = _cluster.Arm(ReminderFault.FailRegistrations(PipelineRunGrainType, "cleanup", times: 1));

        Assert.Equal(503, await _cluster.SendAsync(running));
        Assert.Equal(1, fault.Injected);
        Assert.Equal(200, await _cluster.SendAsync(running));

        await AssertPostedOnceAsync(run, $"tekton/{run.Pipeline}", "pending");
    }

    [Fact]
    public async Task Outbox_reminder_registration_failing_after_the_run_was_written_still_posts_the_status_exactly_once()
    {
        var run = new TektonRun("outbox-fails-" + Guid.NewGuid().ToString("N")[..8]);
        var running = run.PipelineRunEvent("running");
        var fault = _cluster.Arm(ReminderFault.FailRegistrations(PipelineRunGrainType, "outbox", times: 1));

        var first = await _cluster.SendAsync(running);
        Assert.Equal(1, fault.Injected);
        if (first != 200)
        {
            Assert.Equal(503, first);
            Assert.Equal(200, await _cluster.SendAsync(running));
        }

        await AssertPostedOnceAsync(run, $"tekton/{run.Pipeline}", "pending");
    }

    [Fact]
    public async Task The_dead_letter_trimmer_trims_while_its_reminder_cannot_be_registered_and_registers_it_later()
    {
        // A silo's reminder service may still be starting when the trimmer activates: trimming on demand must not wait
        // for it, and the periodic trim must still come to exist.
        var fault = _cluster.Arm(ReminderFault.FailRegistrations("deadlettertrimmer", "trim", times: 1));
        var trimmer = _cluster.Cluster.Client.GetDeadLetterTrimmer();

        var trim = await trimmer.TrimAsync();

        Assert.Equal((0, 0), (trim.ByCap, trim.ByRetention));
        Assert.Equal(1, fault.Injected);
        var tables = _cluster.Cluster.GetActiveSilos().Select(s => ((InProcessSiloHandle)s).SiloHost.Services.GetRequiredService<IReminderTable>()).ToArray();
        await Wait.UntilAsync(
            async () => (await tables[0].ReadRow(trimmer.GetGrainId(), "trim")) is not null,
            () => "the trim reminder to be registered by the retry",
            DeadLetterTrimmerGrain.ReminderRetry * 3);
    }

    /// <summary>The run's first event, acknowledged; its pending is then on its way, held 1.5 s by GitHub.</summary>
    private async Task StartRunWithItsPendingHeldAsync(TektonRun run)
    {
        _github.HangNext(TimeSpan.FromSeconds(1.5), $"/statuses/{run.Sha}", "\"pending\"");
        Assert.Equal(200, await _cluster.SendAsync(run.PipelineRunEvent("running")));
        await Wait.UntilAsync(() => _github.Hung == 1, () => "the pending status to be on its way (held by GitHub)");
    }

    private const string AnotherActivation = "another-activation";

    /// <summary>Rewrites the run's stored record as another activation would (its etag changes; its writer is not the live activation).</summary>
    private async Task WriteAsAnotherActivationAsync(TektonRun run)
    {
        var silo = (InProcessSiloHandle)_cluster.Cluster.GetActiveSilos().First();
        var storage = silo.SiloHost.Services.GetRequiredKeyedService<IGrainStorage>(RelayStorage.Runs);
        var grainId = _cluster.Cluster.Client.GetGrain<IPipelineRunGrain>(PipelineRunKey.For(run.Namespace, run.Name)).GetGrainId();
        var record = new GrainState<PipelineRunGrainState>();
        await storage.ReadStateAsync(RelayStorage.RunState, grainId, record);
        Assert.True(record.RecordExists, "the run's record is stored");
        Assert.NotNull(record.State);
        record.State.Writer = AnotherActivation;
        await storage.WriteStateAsync(RelayStorage.RunState, grainId, record);
    }

    private static bool IsWriteOf(TektonRun run, StorageCall call) =>
        call.GrainType == PipelineRunGrainType && call.Key.EndsWith("/" + run.Name, StringComparison.Ordinal);

    /// <summary>Waits for the one status, then until the run's outbox is empty (nothing more can come), and checks it came once.</summary>
    private async Task AssertPostedOnceAsync(TektonRun run, string context, string state)
    {
        RunSnapshot? snapshot = null;
        string Describe(string phase)
        {
            var statuses = _github.StatusesFor(run.Sha).Select(s => $"{s.Context}={s.State}");
            return $"{phase} for run {run.Name}: expected one {state} status on {context}; GitHub has [{string.Join(", ", statuses)}]; "
                + $"run grain: exists={snapshot?.Exists}, outbox depth {snapshot?.OutboxDepth}, pipeline state {snapshot?.Pipeline?.State.ToString() ?? "none"}";
        }

        await Wait.UntilAsync(
            async () =>
            {
                snapshot = await _cluster.SnapshotAsync(run);
                return _github.StatusesFor(run.Sha).Any(s => s.Context == context && s.State == state);
            },
            () => Describe("the status to be posted"),
            TimeSpan.FromSeconds(15));
        await Wait.UntilAsync(async () => (snapshot = await _cluster.SnapshotAsync(run)).OutboxDepth == 0, () => Describe("the outbox to drain"), TimeSpan.FromSeconds(15));

        var posted = _github.StatusesFor(run.Sha).Where(s => s.Context == context).Select(s => s.State).ToArray();
        Assert.True(posted.Length == 1 && posted[0] == state, $"expected exactly one {state} status on {context}, GitHub has [{string.Join(", ", posted)}]");
    }
}
