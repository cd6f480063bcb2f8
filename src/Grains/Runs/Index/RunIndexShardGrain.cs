using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using Relay.Grains.Diagnostics;
using Relay.Grains.Storage;
using Relay.Runs.Index;

namespace Relay.Grains.Runs.Index;

/// <summary>
/// One shard of the run index. Updates (one-way, from run grains) change memory at once — a query sees a run as soon
/// as its first report arrives — and a timer writes the shard's record at most once per <see cref="FlushInterval"/>,
/// so the index costs a bounded number of writes whatever the event rate. Entries leave when their run is forgotten,
/// when they are older than <c>run_ttl</c> with nothing pending, and oldest first beyond <see cref="MaxRuns"/>.
/// Best-effort: a crash loses at most one interval of updates, which the runs' next reports repair.
/// </summary>
[GrainType("runindexshard")]
internal sealed partial class RunIndexShardGrain(
    [PersistentState(RelayStorage.RunIndexState, RelayStorage.Runs)] IPersistentState<RunIndexShardGrainState> state,
    IOptions<RunRetentionOptions> retention,
    TimeProvider timeProvider,
    ILogger<RunIndexShardGrain> logger) : Grain, IRunIndexShardGrain
{
    /// <summary>Longest time between an update and the write that stores it.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    /// <summary>Most runs one shard keeps (so at most <see cref="RunIndex.Count"/> times this in the index).</summary>
    public const int MaxRuns = 5_000;

    private readonly TimeSpan _runTtl = retention.Value.Ttl.Value;
    private IGrainTimer? _flushTimer;
    private bool _dirty;
    private bool _flushArmed;
    private long _shard;

    private Dictionary<string, RunSummary> Runs => state.State.Runs;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _shard = this.GetPrimaryKeyLong();
        if (Runs.Comparer != StringComparer.Ordinal)
        {
            state.State.Runs = new Dictionary<string, RunSummary>(Runs, StringComparer.Ordinal);
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            try
            {
                await FlushAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.WriteFailed(logger, _shard, exception.Message);
            }
        }
    }

    Task IRunIndexShardGrain.UpdateAsync(RunSummary summary)
    {
        if (Runs.TryGetValue(summary.RunKey, out var held))
        {
            if (held.ReportedAt > summary.ReportedAt)
            {
                return Task.CompletedTask;
            }

            if (string.Equals(held.Uid, summary.Uid, StringComparison.Ordinal) && held.FirstEventAt < summary.FirstEventAt)
            {
                // The same run: it started when the index first heard of it, whatever activation reports now.
                summary = summary with { FirstEventAt = held.FirstEventAt };
            }
        }

        Runs[summary.RunKey] = summary;
        MarkDirty();
        return Task.CompletedTask;
    }

    Task IRunIndexShardGrain.RemoveAsync(string runKey, DateTimeOffset reportedAt)
    {
        if (Runs.TryGetValue(runKey, out var held) && held.ReportedAt <= reportedAt)
        {
            Runs.Remove(runKey);
            MarkDirty();
        }

        return Task.CompletedTask;
    }

    Task<RunListPage> IRunIndexShardGrain.QueryAsync(RunListQuery query)
    {
        var cutoff = timeProvider.GetUtcNow() - _runTtl;
        var after = new List<RunSummary>();
        foreach (var run in Runs.Values)
        {
            if (!Expired(run, cutoff) && query.Filter.Matches(run) && (query.After is null || query.After.Precedes(run)))
            {
                after.Add(run);
            }
        }

        after.Sort(RunListCursor.Compare);
        return Task.FromResult(new RunListPage { Items = [.. after.Take(Math.Max(query.Limit, 0))], Remaining = after.Count });
    }

    /// <summary>A run the run grain has forgotten by now (or will at its next tick): nothing pending for <c>run_ttl</c>.</summary>
    private static bool Expired(RunSummary run, DateTimeOffset cutoff) => run.LastEventAt < cutoff && run.Pending == 0;

    /// <summary>Marks a change and arms the flush timer unless it is armed already (so steady updates cannot postpone the write).</summary>
    private void MarkDirty()
    {
        _dirty = true;
        if (_flushArmed)
        {
            return;
        }

        _flushArmed = true;
        if (_flushTimer is null)
        {
            _flushTimer = this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions
            {
                DueTime = FlushInterval,
                Period = Timeout.InfiniteTimeSpan,
            });
        }
        else
        {
            _flushTimer.Change(FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Trims, then writes the record if anything changed since the last write (clears it when no run is left). A failed
    /// write is tried again.
    /// </summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        _flushArmed = false;
        Trim();
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            state.State.Version = RunIndexShardGrainState.CurrentVersion;
            if (Runs.Count == 0)
            {
                // Nothing listed: no record at all, so an idle cluster's storage holds nothing for the index.
                await state.ClearStateAsync(cancellationToken);
            }
            else
            {
                await state.WriteStateAsync(cancellationToken);
            }
        }
        catch (InconsistentStateException exception)
        {
            // Another activation wrote this shard: let the next one read it; the runs' next reports repair the rest.
            Log.WriteFailed(logger, _shard, exception.Message);
            DeactivateOnIdle();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.WriteFailed(logger, _shard, exception.Message);
            MarkDirty();
        }
    }

    private void Trim()
    {
        var cutoff = timeProvider.GetUtcNow() - _runTtl;
        var expired = Runs.Values.Where(r => Expired(r, cutoff)).Select(r => r.RunKey).ToList();
        var over = Runs.Count - expired.Count - MaxRuns;
        if (over > 0)
        {
            expired.AddRange(Runs.Values.Where(r => !Expired(r, cutoff)).OrderBy(r => r.LastEventAt).Take(over).Select(r => r.RunKey));
        }

        foreach (var key in expired)
        {
            Runs.Remove(key);
        }

        if (expired.Count > 0)
        {
            _dirty = true;
            Log.Trimmed(logger, _shard, expired.Count);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.RunIndexWriteFailed, EventName = "RunIndexWriteFailed", Level = LogLevel.Warning,
            Message = "Run index shard {Shard}: its record could not be written ({Error}); the listing serves memory and the write is tried again")]
        public static partial void WriteFailed(ILogger logger, long shard, string error);

        [LoggerMessage(EventId = LogEventIds.RunIndexTrimmed, EventName = "RunIndexTrimmed", Level = LogLevel.Debug,
            Message = "Run index shard {Shard}: {Count} runs past run_ttl or over the cap dropped")]
        public static partial void Trimmed(ILogger logger, long shard, int count);
    }
}
