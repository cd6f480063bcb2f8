using Orleans.Concurrency;

namespace Relay.Runs.Index;

/// <summary>
/// One shard of the cluster-wide run index (<see cref="RunIndex"/>): a compact summary of each run whose key hashes to
/// it, kept in memory and written to grain storage <c>relay</c> at most once per flush interval. Best-effort: updates
/// are one-way messages, so a run grain never waits for (or fails because of) its index.
/// </summary>
[Alias("Relay.Runs.Index.IRunIndexShardGrain")]
public interface IRunIndexShardGrain : IGrainWithIntegerKey
{
    /// <summary>Records the run's latest summary (a summary older than the one held is ignored). One-way.</summary>
    [Alias("update"), OneWay]
    Task UpdateAsync(RunSummary summary);

    /// <summary>The run was forgotten (<c>run_ttl</c>): drops it, unless a newer summary arrived since. One-way.</summary>
    [Alias("remove"), OneWay]
    Task RemoveAsync(string runKey, DateTimeOffset reportedAt);

    /// <summary>This shard's part of a page: up to the query's limit after its cursor, newest first.</summary>
    [Alias("query"), ReadOnly]
    Task<RunListPage> QueryAsync(RunListQuery query);
}
