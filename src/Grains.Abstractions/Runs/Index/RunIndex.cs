using System.Text;

namespace Relay.Runs.Index;

/// <summary>
/// The cluster-wide run index: <see cref="Count"/> shard grains, each holding the summaries of the runs whose key hashes
/// (FNV-1a, stable across processes) to it. A listing asks every shard for its part and merges them newest first, so
/// no call reads more than a page per shard and no run grain is activated to list runs.
/// </summary>
public static class RunIndex
{
    /// <summary>Number of shards; part of the stored data's identity: never change it.</summary>
    public const int Count = 8;

    /// <summary>The shard key of the run with this key.</summary>
    public static long Of(string runKey)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(runKey))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return hash % Count;
    }

    /// <summary>The shard grain that indexes the run with this key.</summary>
    public static IRunIndexShardGrain GetRunIndexShard(this IGrainFactory grains, string runKey) =>
        grains.GetGrain<IRunIndexShardGrain>(Of(runKey));

    /// <summary>One page of runs matching the query, newest first, merged from every shard.</summary>
    public static async Task<RunListPage> ListRunsAsync(this IGrainFactory grains, RunListQuery query)
    {
        var parts = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => grains.GetGrain<IRunIndexShardGrain>(i).QueryAsync(query)));
        var merged = parts.SelectMany(p => p.Items).ToList();
        merged.Sort(RunListCursor.Compare);
        var items = merged.Take(Math.Max(query.Limit, 0)).ToArray();
        var remaining = parts.Sum(p => p.Remaining);
        return new RunListPage
        {
            Items = items,
            Remaining = remaining,
            Next = remaining > items.Length && items.Length > 0 ? RunListCursor.At(items[^1]) : null,
        };
    }
}
