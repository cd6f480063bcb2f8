using Microsoft.Extensions.Logging;
using Orleans.Concurrency;
using Relay.DeadLetters;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// The operators' front door to the dead-letter store: fans out over the shards' indexes, reads the entries a page
/// shows, and drives replays. It is a stateless
/// worker so any silo serves it locally, and it does the replay hand-over itself rather than in a shard, so no shard
/// waits on a run grain while that run grain may be waiting on the shard (delivering another replay).
/// </summary>
[GrainType("deadletterstore"), StatelessWorker]
internal sealed partial class DeadLetterStoreGrain(RelayMetrics metrics, ILogger<DeadLetterStoreGrain> logger) : Grain, IDeadLetterStoreGrain
{
    // Replays of a filtered set run this many at a time: each waits on a run grain's storage write.
    private const int ReplayConcurrency = 8;
    private const int ReportedFailures = 20;

    async Task<DeadLetterPage> IDeadLetterStoreGrain.ListAsync(DeadLetterQuery query)
    {
        // The shards answer from their indexes; only the entries of the page itself are read.
        var pages = await Task.WhenAll(GrainFactory.GetDeadLetterShards().Select(s => s.QueryIndexAsync(query)));
        var summaries = pages.SelectMany(p => p.Items).ToList();
        summaries.Sort(DeadLetterCursor.Compare);
        var page = summaries.Take(query.Limit).ToArray();
        var letters = await DeadLetterShardGrain.ReadManyAsync(GrainFactory, page.Select(s => s.Id));
        var remaining = pages.Sum(p => p.Remaining);
        return new DeadLetterPage
        {
            Items = [.. letters.Select(l => query.WithBodies ? l : DeadLetterListing.WithoutBody(l))],
            Total = pages.Sum(p => p.Total),
            Remaining = remaining,
            Next = remaining > page.Length && page.Length > 0 ? DeadLetterCursor.After(page[^1]) : null,
        };
    }

    Task<DeadLetter?> IDeadLetterStoreGrain.GetAsync(string id) => GrainFactory.GetDeadLetterShard(id).GetAsync(id);

    Task<DeadLetterReplay> IDeadLetterStoreGrain.ReplayAsync(string id) => ReplayOneAsync(id, includeReplaying: true);

    async Task<DeadLetterBulkReplay> IDeadLetterStoreGrain.ReplayManyAsync(DeadLetterFilter filter, bool includeReplaying)
    {
        var ids = (await Task.WhenAll(GrainFactory.GetDeadLetterShards().Select(s => s.MatchAsync(filter)))).SelectMany(i => i).ToList();
        var results = new List<DeadLetterReplay>(ids.Count);
        foreach (var batch in ids.Chunk(ReplayConcurrency))
        {
            results.AddRange(await Task.WhenAll(batch.Select(id => ReplayOneAsync(id, includeReplaying))));
        }

        return new DeadLetterBulkReplay
        {
            Replayed = results.Count(r => r.Status is not (DeadLetterReplayStatus.Skipped or DeadLetterReplayStatus.NotFound)),
            Outcomes = results.GroupBy(r => DeadLetterReplay.Tag(r.Status)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Failures = [.. results.Where(r => r.Status == DeadLetterReplayStatus.Failed).Take(ReportedFailures).Select(r => r with { Letter = null })],
        };
    }

    async Task<DeadLetter?> IDeadLetterStoreGrain.RemoveAsync(string id)
    {
        var removed = await GrainFactory.GetDeadLetterShard(id).RemoveAsync(id);
        if (removed is not null)
        {
            metrics.DeadLettersPurged(1);
        }

        return removed;
    }

    async Task<int> IDeadLetterStoreGrain.PurgeAsync(DeadLetterFilter filter)
    {
        var purged = (await Task.WhenAll(GrainFactory.GetDeadLetterShards().Select(s => s.PurgeAsync(filter)))).Sum();
        metrics.DeadLettersPurged(purged);
        Log.Purged(logger, purged);
        return purged;
    }

    private Task<DeadLetterReplay> ReplayOneAsync(string id, bool includeReplaying) =>
        new DeadLetterReplayer(GrainFactory, metrics, logger).ReplayAsync(id, includeReplaying);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DeadLettersPurged, EventName = "DeadLettersPurged", Level = LogLevel.Information,
            Message = "Purged {Count} dead letters")]
        public static partial void Purged(ILogger logger, int count);
    }
}
