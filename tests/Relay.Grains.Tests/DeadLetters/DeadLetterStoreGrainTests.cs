using Orleans.Core.Internal;
using Orleans.Runtime;
using Relay.Actions;
using Relay.DeadLetters;
using Relay.Grains.Tests;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>
/// The dead-letter store on a 2-silo cluster: shards, filters, paging, purge, persistence. Each test uses its own
/// namespace as the run-key prefix and asserts only on entries under it.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadLetterStoreGrainTests(RelayClusterFixture fixture)
{
    private static readonly DateTimeOffset T0 = new(2026, 7, 14, 9, 0, 0, TimeSpan.Zero);
    private readonly IGrainFactory _grains = fixture.Cluster.GrainFactory;
    private readonly string _ns = "dl-" + Guid.NewGuid().ToString("N")[..10];

    private IDeadLetterStoreGrain Store => _grains.GetDeadLetterStore();

    private DeadLetterFilter Mine => new() { RunPrefix = _ns + "/" };

    [Fact]
    public async Task Adding_the_same_id_twice_keeps_one_entry()
    {
        var letter = Letter("a");

        var sink = new DeadLetterSink(_grains, Microsoft.Extensions.Logging.Abstractions.NullLogger<DeadLetterSink>.Instance);

        await sink.AddAsync(letter);
        await sink.AddAsync(letter);

        var page = await Store.ListAsync(new DeadLetterQuery { Filter = Mine });
        Assert.Equal(1, page.Total);
        Assert.Equal(letter.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task Re_adding_a_replaying_entry_makes_it_failed_again_and_keeps_its_replays()
    {
        var letter = Letter("a") with { Attempts = 2 };
        await AddAsync(letter);
        var claim = await _grains.GetDeadLetterShard(letter.Id).ClaimAsync(letter.Id, includeReplaying: false);
        Assert.Equal((DeadLetterClaimStatus.Claimed, DeadLetterStates.Replaying, 1), (claim.Status, claim.Letter!.State, claim.Letter.Replays));

        await AddAsync(letter with { Attempts = 1, Cause = "GitHub answered 401: Bad credentials", StatusCode = 401, FailedAt = T0.AddHours(1) });

        var stored = (await Store.GetAsync(letter.Id))!;
        Assert.Equal((DeadLetterStates.Failed, 1, 3, 401), (stored.State, stored.Replays, stored.Attempts, stored.StatusCode));
        Assert.Equal("GitHub answered 401: Bad credentials", stored.Cause);
        Assert.NotNull(stored.LastReplayAt);
    }

    [Fact]
    public async Task Claiming_skips_an_entry_already_replaying_unless_asked()
    {
        var letter = Letter("a");
        await AddAsync(letter);
        var shard = _grains.GetDeadLetterShard(letter.Id);

        var first = await shard.ClaimAsync(letter.Id, includeReplaying: false);
        var second = await shard.ClaimAsync(letter.Id, includeReplaying: false);
        var forced = await shard.ClaimAsync(letter.Id, includeReplaying: true);
        var absent = await shard.ClaimAsync("no-such-id", includeReplaying: true);

        Assert.Equal(
            [DeadLetterClaimStatus.Claimed, DeadLetterClaimStatus.AlreadyReplaying, DeadLetterClaimStatus.Claimed, DeadLetterClaimStatus.NotFound],
            [first.Status, second.Status, forced.Status, absent.Status]);
        Assert.Equal(2, forced.Letter!.Replays);
    }

    [Fact]
    public async Task Each_list_filter_selects_only_its_entries()
    {
        var status = Letter("status", failedAt: T0);
        var comment = Letter("comment", failedAt: T0.AddMinutes(10)) with
        {
            Type = "pr_comment", Action = "github/summary", Cause = "GitHub answered 404: Not Found", StatusCode = 404,
        };
        var other = Letter("other", failedAt: T0.AddMinutes(20), run: "other-run") with { Provider = "gitlab" };
        foreach (var letter in new[] { status, comment, other })
        {
            await AddAsync(letter);
        }

        await _grains.GetDeadLetterShard(comment.Id).ClaimAsync(comment.Id, includeReplaying: false);

        Assert.Equal([comment.Id, status.Id], await IdsAsync(Mine with { Provider = "github" }));
        Assert.Equal([comment.Id], await IdsAsync(Mine with { State = DeadLetterStates.Replaying }));
        Assert.Equal([other.Id, status.Id], await IdsAsync(Mine with { State = DeadLetterStates.Failed }));
        Assert.Equal([comment.Id], await IdsAsync(Mine with { Type = "pr_comment" }));
        Assert.Equal([comment.Id], await IdsAsync(Mine with { Action = "github/summary" }));
        Assert.Equal([comment.Id], await IdsAsync(Mine with { Cause = "not found" }));
        Assert.Equal([other.Id], await IdsAsync(Mine with { RunPrefix = $"{_ns}/other-" }));
        Assert.Equal([status.Id], await IdsAsync(Mine with { FailedBefore = T0.AddMinutes(10) }));
        Assert.Equal([other.Id, comment.Id], await IdsAsync(Mine with { FailedAfter = T0.AddMinutes(10) }));
        Assert.Equal([other.Id, comment.Id, status.Id], await IdsAsync(Mine));
    }

    [Fact]
    public async Task Paging_returns_every_entry_exactly_once_newest_first()
    {
        // Entries with equal failure times too, so the order must break ties by id.
        var letters = Enumerable.Range(0, 23).Select(i => Letter($"p{i}", failedAt: T0.AddSeconds(i / 3))).ToList();
        await Task.WhenAll(letters.Select(AddAsync));

        var seen = new List<DeadLetter>();
        var pages = 0;
        DeadLetterCursor? cursor = null;
        do
        {
            var page = await Store.ListAsync(new DeadLetterQuery { Filter = Mine, Limit = 5, After = cursor });
            Assert.Equal(23, page.Total);
            Assert.InRange(page.Items.Count, 1, 5);
            seen.AddRange(page.Items);
            cursor = page.Next is null ? null : DeadLetterCursor.TryParse(page.Next.Encode(), out var parsed) ? parsed : throw new InvalidOperationException("cursor does not round-trip");
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(5, pages);
        Assert.Equal(letters.Select(l => l.Id).Order(StringComparer.Ordinal), seen.Select(l => l.Id).Order(StringComparer.Ordinal));
        var expectedOrder = letters.OrderByDescending(l => l.FailedAt).ThenBy(l => l.Id, StringComparer.Ordinal).Select(l => l.Id);
        Assert.Equal(expectedOrder, seen.Select(l => l.Id));
    }

    [Fact]
    public async Task List_leaves_out_bodies_unless_asked_and_get_includes_them()
    {
        var letter = Letter("comment") with
        {
            Effect = Effect("c") with { Type = "pr_comment", Payload = """{"instance":"github","type":"pr_comment","owner":"acme","repository":"webapp","sha":"abc","number":42,"body":"a long summary body"}""" },
        };
        await AddAsync(letter);

        var listed = Assert.Single((await Store.ListAsync(new DeadLetterQuery { Filter = Mine })).Items);
        var withBodies = Assert.Single((await Store.ListAsync(new DeadLetterQuery { Filter = Mine, WithBodies = true })).Items);
        var one = await Store.GetAsync(letter.Id);

        Assert.DoesNotContain("a long summary body", listed.Effect!.Payload, StringComparison.Ordinal);
        Assert.Contains("a long summary body", withBodies.Effect!.Payload, StringComparison.Ordinal);
        Assert.Contains("a long summary body", one!.Effect!.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_by_filter_removes_only_the_matching_entries()
    {
        var old = Letter("old", failedAt: T0);
        var recent = Letter("recent", failedAt: T0.AddDays(1));
        var mismatch = Letter("401", failedAt: T0) with { Cause = "GitHub answered 401" };
        foreach (var letter in new[] { old, recent, mismatch })
        {
            await AddAsync(letter);
        }

        var purged = await Store.PurgeAsync(Mine with { FailedBefore = T0.AddHours(1), Cause = "422" });

        Assert.Equal(1, purged);
        Assert.Equal([recent.Id, mismatch.Id], await IdsAsync(Mine));
        Assert.Null(await Store.GetAsync(old.Id));
    }

    [Fact]
    public async Task Remove_returns_the_entry_once_then_nothing()
    {
        var letter = Letter("a");
        await AddAsync(letter);

        var first = await Store.RemoveAsync(letter.Id);
        var second = await Store.RemoveAsync(letter.Id);

        Assert.Equal(letter.Id, first!.Id);
        Assert.Null(second);
        Assert.Empty(await IdsAsync(Mine));
    }

    [Fact]
    public async Task Entries_survive_the_deactivation_of_every_shard()
    {
        var letters = Enumerable.Range(0, 12).Select(i => Letter($"keep{i}")).ToList();
        await Task.WhenAll(letters.Select(AddAsync));
        var management = _grains.GetGrain<IManagementGrain>(0);
        var shardType = GrainType.Create("deadlettershard");

        foreach (var shard in _grains.GetDeadLetterShards())
        {
            await shard.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        }

        await Wait.UntilAsync(
            async () => (await management.GetActiveGrains(shardType)).Count == 0,
            () => "every dead-letter shard deactivated");
        var ids = await IdsAsync(Mine);

        Assert.Equal(letters.Select(l => l.Id).Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Shard_of_an_id_is_stable_and_spreads_ids_over_every_shard()
    {
        var shards = Enumerable.Range(0, 400).Select(i => DeadLetterShards.Of($"id-{i}")).ToList();

        // Pinned: the shard of a stored id must never change (FNV-1a 32-bit of the UTF-8 id, modulo 8).
        Assert.Equal(1L, DeadLetterShards.Of("3f9a1c0d7e5b2a486c11"));
        Assert.Equal(DeadLetterShards.Count, shards.Distinct().Count());
        Assert.All(shards, s => Assert.InRange(s, 0, DeadLetterShards.Count - 1));
    }

    private Task AddAsync(DeadLetter letter) => _grains.GetDeadLetterShard(letter.Id).AddAsync(letter);

    private async Task<List<string>> IdsAsync(DeadLetterFilter filter) =>
        [.. (await Store.ListAsync(new DeadLetterQuery { Filter = filter, Limit = DeadLetterQuery.MaxLimit })).Items.Select(l => l.Id)];

    private DeadLetter Letter(string name, DateTimeOffset? failedAt = null, string run = "run") => new()
    {
        Id = $"{_ns}-{name}",
        RunKey = $"{_ns}/{run}",
        LedgerKey = $"github/statuses|tekton/webapp-ci/{name}",
        Provider = "github",
        Action = "github/statuses",
        Type = "commit_status",
        Effect = Effect(name),
        Cause = "GitHub answered 422: Validation Failed",
        StatusCode = 422,
        Attempts = 1,
        PlannedAt = T0,
        FailedAt = failedAt ?? T0,
        OutboxId = 1,
        Summary = $"commit_status acme/webapp@abc tekton/webapp-ci/{name}=failure",
    };

    private static Effect Effect(string name) => new()
    {
        Provider = "github",
        Instance = "github",
        Type = "commit_status",
        Payload = $$"""{"instance":"github","type":"commit_status","owner":"acme","repository":"webapp","sha":"9f2c1e7b3a4d5c6e7f8091a2b3c4d5e6f7081920","context":"tekton/webapp-ci/{{name}}","state":"failure"}""",
        Summary = $"commit_status acme/webapp@abc tekton/webapp-ci/{name}=failure",
    };
}
