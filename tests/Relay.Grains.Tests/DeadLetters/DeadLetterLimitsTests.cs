using Relay.Grains.Actions.GitHub;
using Relay.Grains.Actions.GitHub.Tests;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Core.Internal;
using Orleans.Runtime;
using Relay.Actions;
using Relay.DeadLetters;
using Relay.Grains.Storage;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>
/// The dead-letter store's limits and layout: a cap (oldest dropped first), a retention, one record per letter, and
/// the move of a version-1 shard record into that layout. One cluster of its own; each test starts from an empty store.
/// </summary>
public sealed class DeadLetterLimitsTests(DeadLetterLimitsFixture fixture) : IClassFixture<DeadLetterLimitsFixture>, IAsyncLifetime
{
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;

    private IDeadLetterStoreGrain Store => _grains.GetDeadLetterStore();

    private DateTimeOffset Now => fixture.Time.GetUtcNow();

    public async Task InitializeAsync()
    {
        await Store.PurgeAsync(DeadLetterFilter.All);
        fixture.Storage.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Over_the_cap_the_oldest_letters_are_dropped_first_and_counted()
    {
        using var dropped = Dropped();
        var sink = Sink();
        var letters = Enumerable.Range(0, DeadLetterLimitsFixture.MaxLetters).Select(i => Letter($"cap{i}", Now.AddMinutes(-30 + i))).ToList();
        foreach (var letter in letters)
        {
            await sink.AddAsync(letter);
        }

        // Newer than all, then one older than all: the store keeps the newest five, whatever the order of arrival.
        await sink.AddAsync(Letter("newest", Now));
        await sink.AddAsync(Letter("ancient", Now.AddMinutes(-50)));

        var ids = await IdsAsync();
        Assert.Equal(["newest", "cap4", "cap3", "cap2", "cap1"], ids);
        Assert.Null(await Store.GetAsync(Id("cap0")));
        Assert.Null(await Store.GetAsync(Id("ancient")));
        Assert.Equal(2, dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["relay.reason"], "cap")).Sum(m => m.Value));
    }

    [Fact]
    public async Task Letters_older_than_the_retention_are_dropped_by_the_trim()
    {
        using var dropped = Dropped();
        var sink = Sink();
        await sink.AddAsync(Letter("expired", Now - DeadLetterLimitsFixture.Retention - TimeSpan.FromMinutes(1)));
        await sink.AddAsync(Letter("recent", Now.AddMinutes(-30)));

        var first = await _grains.GetDeadLetterTrimmer().TrimAsync();

        Assert.Equal(new DeadLetterTrim(ByCap: 0, ByRetention: 1), first);
        Assert.Equal(["recent"], await IdsAsync());

        fixture.Time.Advance(TimeSpan.FromMinutes(31));
        var second = await _grains.GetDeadLetterTrimmer().TrimAsync();

        Assert.Equal(new DeadLetterTrim(ByCap: 0, ByRetention: 1), second);
        Assert.Empty(await IdsAsync());
        Assert.Equal(2, dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["relay.reason"], "retention")).Sum(m => m.Value));
    }

    [Fact]
    public async Task A_change_to_one_letter_writes_that_letter_and_the_index_only()
    {
        var letters = new[] { Letter("w0", Now), Letter("w1", Now), Letter("w2", Now) };
        foreach (var letter in letters)
        {
            await ShardOf(letter).AddAsync(letter);
        }

        fixture.Storage.Reset();
        var claim = await ShardOf(letters[1]).ClaimAsync(letters[1].Id, includeReplaying: false);

        Assert.Equal(DeadLetterClaimStatus.Claimed, claim.Status);
        Assert.Equal(
            [$"write {RelayStorage.DeadLetterRecordState} deadletter/{letters[1].Id}", $"write {RelayStorage.DeadLetterState} deadlettershard/{DeadLetterShards.Of(letters[1].Id)}"],
            fixture.Storage.Changes);

        // A repeat of a failure that changes the letter but not its summary (more attempts) leaves the index alone.
        fixture.Storage.Reset();
        await ShardOf(letters[2]).AddAsync(letters[2] with { Attempts = 3 });

        Assert.Equal([$"write {RelayStorage.DeadLetterRecordState} deadletter/{letters[2].Id}"], fixture.Storage.Changes);

        // And a repeat of the very same failure writes nothing.
        fixture.Storage.Reset();
        await ShardOf(letters[2]).AddAsync(letters[2] with { Attempts = 3 });

        Assert.Empty(fixture.Storage.Changes);
    }

    [Fact]
    public async Task Removing_a_letter_deletes_its_record()
    {
        var letter = Letter("gone", Now);
        await ShardOf(letter).AddAsync(letter);
        fixture.Storage.Reset();

        await Store.RemoveAsync(letter.Id);

        Assert.Equal(
            [$"write {RelayStorage.DeadLetterState} deadlettershard/{DeadLetterShards.Of(letter.Id)}", $"clear {RelayStorage.DeadLetterRecordState} deadletter/{letter.Id}"],
            fixture.Storage.Changes);
    }

    [Fact]
    public async Task A_version_1_shard_record_is_moved_into_one_record_per_letter_on_activation()
    {
        var v1 = StoredStates.Load<DeadLetterShardGrainState>("deadletter-shard-state-v1.json");
        var storage = fixture.Storage.Inner;
        await DeactivateShardsAsync();
        foreach (var group in v1.Entries.Values.GroupBy(l => DeadLetterShards.Of(l.Id)))
        {
            var record = new GrainState<DeadLetterShardGrainState>(new DeadLetterShardGrainState());
            var shardId = ShardId(group.Key);
            await storage.ReadStateAsync(RelayStorage.DeadLetterState, shardId, record);
            record.State = new DeadLetterShardGrainState { Version = 1, Entries = group.ToDictionary(l => l.Id, StringComparer.Ordinal) };
            await storage.WriteStateAsync(RelayStorage.DeadLetterState, shardId, record);
        }

        var page = await Store.ListAsync(new DeadLetterQuery { Limit = DeadLetterQuery.MaxLimit, WithBodies = true });

        Assert.Equal(["a07c55e1b2d94f3e8812", "3f9a1c0d7e5b2a486c11"], page.Items.Select(l => l.Id));
        Assert.Equal(
            GitHubJson.ReadCommand(DeadLetterUpgrade.Upgrade(v1.Entries["a07c55e1b2d94f3e8812"], [new GitHubLegacyEffects()]).Effect!.Payload)!.Body,
            GitHubJson.ReadCommand(page.Items[0].Effect!.Payload)!.Body);
        Assert.Equal((DeadLetterStates.Replaying, 1, 7), (page.Items[0].State, page.Items[0].Replays, page.Items[0].Attempts));
        foreach (var id in v1.Entries.Keys)
        {
            var shard = new GrainState<DeadLetterShardGrainState>(new DeadLetterShardGrainState());
            await storage.ReadStateAsync(RelayStorage.DeadLetterState, ShardId(DeadLetterShards.Of(id)), shard);
            Assert.Equal(DeadLetterShardGrainState.CurrentVersion, shard.State!.Version);
            Assert.Empty(shard.State!.Entries);
            Assert.Equal(v1.Entries[id].Cause, shard.State!.Index[id].Cause);

            var letter = new GrainState<DeadLetterGrainState>(new DeadLetterGrainState());
            await storage.ReadStateAsync(RelayStorage.DeadLetterRecordState, GrainId.Create("deadletter", id), letter);
            Assert.Equal(v1.Entries[id].Summary, letter.State!.Letter!.Summary);
        }
    }

    private async Task DeactivateShardsAsync()
    {
        foreach (var shard in _grains.GetDeadLetterShards())
        {
            await shard.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        }

        var management = _grains.GetGrain<IManagementGrain>(0);
        await Wait.UntilAsync(
            async () => (await management.GetActiveGrains(GrainType.Create("deadlettershard"))).Count == 0,
            () => "every dead-letter shard deactivated");
    }

    private static GrainId ShardId(long shard) => GrainId.Create("deadlettershard", shard.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private MetricCollector<long> Dropped() =>
        new(fixture.Silo.GetRequiredService<IMeterFactory>(), RelayTelemetryMeter, "relay.dead_letters.dropped");

    private const string RelayTelemetryMeter = Relay.Diagnostics.RelayTelemetryNames.Meter;

    private DeadLetterSink Sink() => new(_grains, NullLogger<DeadLetterSink>.Instance);

    private IDeadLetterShardGrain ShardOf(DeadLetter letter) => _grains.GetDeadLetterShard(letter.Id);

    private async Task<List<string>> IdsAsync() =>
        [.. (await Store.ListAsync(new DeadLetterQuery { Limit = DeadLetterQuery.MaxLimit })).Items.Select(l => l.Id["lim-".Length..])];

    private static string Id(string name) => "lim-" + name;

    private static DeadLetter Letter(string name, DateTimeOffset failedAt) => new()
    {
        Id = Id(name),
        RunKey = "limits/run",
        LedgerKey = $"github/statuses|tekton/webapp-ci/{name}",
        Provider = "github",
        Action = "github/statuses",
        Type = "commit_status",
        Effect = new GitHubCommand { Instance = "github", Type = "commit_status", Owner = "acme", Repository = "webapp", Sha = "9f2c1e7b", Context = name, State = "failure" }.AsDelivery().Effect,
        Cause = "GitHub answered 422: Validation Failed",
        StatusCode = 422,
        Attempts = 1,
        PlannedAt = failedAt,
        FailedAt = failedAt,
        OutboxId = 1,
    };
}
