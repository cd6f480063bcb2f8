using Relay.Grains.Actions.GitHub.Tests;
using Relay.DeadLetters;
using Relay.Events;
using Relay.Grains.Tests;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>
/// Replays through the real run grains on a 2-silo cluster against a fake GitHub: the store hands an entry to its
/// run grain and the entry leaves once delivered, or at once when the ledger says nothing is to be posted.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadLetterReplayTests(RelayClusterFixture fixture)
{
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    private IDeadLetterStoreGrain Store => _grains.GetDeadLetterStore();

    [Fact]
    public async Task Permanent_failure_is_stored_and_a_replay_delivers_it_once_then_removes_it()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();
        var runKey = PipelineRunKey.For("ci", run);
        _github.FailNext(1, 422, body: """{"message":"Validation Failed"}""");
        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Running, sha));
        var letter = await SingleLetterAsync(runKey);
        Assert.Equal((DeadLetterStates.Failed, 1, 422, "commit_status"), (letter.State, letter.Attempts, letter.StatusCode, letter.Type));
        Assert.Contains("422", letter.Cause, StringComparison.Ordinal);
        Assert.Empty(_github.StatusesFor(sha));

        var replay = await Store.ReplayAsync(letter.Id);

        Assert.Equal(DeadLetterReplayStatus.Enqueued, replay.Status);
        Assert.Equal((DeadLetterStates.Replaying, 1), (replay.Letter!.State, replay.Letter.Replays));
        await Wait.UntilAsync(async () => await Store.GetAsync(letter.Id) is null, () => $"dead letter {letter.Id} of {runKey} removed after delivery");
        var status = Assert.Single(_github.StatusesFor(sha));
        Assert.Equal(("pending", "tekton/webapp-ci"), (status.State, status.Context));
        Assert.Equal(DeadLetterReplayStatus.NotFound, (await Store.ReplayAsync(letter.Id)).Status);
    }

    [Fact]
    public async Task Replay_of_a_delivered_row_posts_nothing_and_removes_the_entry()
    {
        var (runKey, sha) = await DeliveredRunAsync();
        var delivered = Letter(runKey, sha, outboxId: 1);
        await _grains.GetDeadLetterShard(delivered.Id).AddAsync(delivered);

        var replay = await Store.ReplayAsync(delivered.Id);

        Assert.Equal(DeadLetterReplayStatus.AlreadyDelivered, replay.Status);
        Assert.Null(await Store.GetAsync(delivered.Id));
        Assert.Single(_github.StatusesFor(sha));
    }

    [Fact]
    public async Task Replay_of_a_row_with_a_newer_decision_posts_nothing_and_removes_the_entry()
    {
        var (runKey, sha) = await DeliveredRunAsync();
        var stale = Letter(runKey, sha, outboxId: 99);
        await _grains.GetDeadLetterShard(stale.Id).AddAsync(stale);

        var replay = await Store.ReplayAsync(stale.Id);

        Assert.Equal(DeadLetterReplayStatus.Superseded, replay.Status);
        Assert.Null(await Store.GetAsync(stale.Id));
        Assert.Single(_github.StatusesFor(sha));
    }

    [Fact]
    public async Task Replaying_a_filtered_set_skips_entries_already_replaying_unless_asked()
    {
        var prefix = "ci/" + NewRun();
        var letters = Enumerable.Range(0, 3).Select(i => Letter($"{prefix}-{i}", RelayEvents.NewSha(), outboxId: 1)).ToList();
        foreach (var letter in letters)
        {
            await _grains.GetDeadLetterShard(letter.Id).AddAsync(letter);
        }

        await _grains.GetDeadLetterShard(letters[0].Id).ClaimAsync(letters[0].Id, includeReplaying: false);
        var filter = new DeadLetterFilter { RunPrefix = prefix };

        var bulk = await Store.ReplayManyAsync(filter, includeReplaying: false);

        Assert.Equal(2, bulk.Replayed);
        Assert.Equal(new Dictionary<string, int> { ["enqueued"] = 2, ["skipped"] = 1 }, bulk.Outcomes);
        await Wait.UntilAsync(
            async () => (await Store.ListAsync(new DeadLetterQuery { Filter = filter })).Total == 1,
            () => "the two replayed entries delivered and removed");
        Assert.All(letters.Skip(1), l => Assert.Single(_github.StatusesFor(ShaOf(l))));
        Assert.Empty(_github.StatusesFor(ShaOf(letters[0])));
    }

    private static string ShaOf(DeadLetter letter) => Relay.Grains.Actions.GitHub.GitHubJson.ReadCommand(letter.Effect!.Payload)!.Sha;

    private static string NewRun() => "dlrun-" + Guid.NewGuid().ToString("N")[..12];

    private Task<AcceptOutcome> AcceptAsync(RelayEvent relayEvent) =>
        _grains.GetGrain<IEventGrain>(relayEvent.EventKey).AcceptAsync(relayEvent);

    /// <summary>A run whose one status (outbox entry 1, ledger row <c>github/statuses|tekton/webapp-ci</c>) was delivered.</summary>
    private async Task<(string RunKey, string Sha)> DeliveredRunAsync()
    {
        var sha = RelayEvents.NewSha();
        var run = NewRun();
        await AcceptAsync(RelayEvents.PipelineRun(run, CiState.Running, sha));
        var runKey = PipelineRunKey.For("ci", run);
        var grain = _grains.GetGrain<IPipelineRunGrain>(runKey);
        RunSnapshot? last = null;
        // The fake records the status before the run grain settles its ledger row: wait for the ledger.
        await Wait.UntilAsync(
            async () => (last = await grain.GetSnapshotAsync()) is { OutboxDepth: 0, Ledger: [{ Delivery: "delivered" }] },
            () => $"the pending status of {runKey} delivered and settled; outbox {last?.OutboxDepth}, ledger {string.Join(", ", last?.Ledger.Select(l => l.Delivery) ?? [])}");
        Assert.Single(_github.StatusesFor(sha));
        return (runKey, sha);
    }

    private async Task<DeadLetter> SingleLetterAsync(string runKey)
    {
        DeadLetterPage? page = null;
        await Wait.UntilAsync(
            async () => (page = await Store.ListAsync(new DeadLetterQuery { Filter = new DeadLetterFilter { RunPrefix = runKey } })).Total == 1,
            () => $"one dead letter for {runKey}; found {page?.Total}");
        return page!.Items[0];
    }

    private static DeadLetter Letter(string runKey, string sha, long outboxId) => new()
    {
        Id = Guid.NewGuid().ToString("N")[..20],
        RunKey = runKey,
        LedgerKey = "github/statuses|tekton/webapp-ci",
        Provider = "github",
        Action = "github/statuses",
        Type = "commit_status",
        Effect = new Relay.Grains.Actions.GitHub.GitHubCommand
        {
            Instance = "github",
            Type = "commit_status",
            Owner = "acme",
            Repository = "webapp",
            Sha = sha,
            Context = "tekton/webapp-ci",
            State = "pending",
            Description = "webapp-ci is running",
        }.AsDelivery().Effect,
        Cause = "GitHub answered 422: Validation Failed",
        StatusCode = 422,
        Attempts = 1,
        FailedAt = DateTimeOffset.UtcNow,
        OutboxId = outboxId,
    };
}
