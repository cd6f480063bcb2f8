using System.Collections.Concurrent;
using System.Globalization;
using Orleans.Serialization;
using Orleans.Storage;

namespace Relay.Grains.Storage;

/// <summary>
/// Grain storage in this process's memory, for the all-in-one topology (one silo). Unlike Orleans' memory storage
/// (a storage grain per silo) it needs no grain call per read or write, and entries can expire, so event keys
/// leave after <c>dedupe_ttl</c> and a long-running node stays bounded. Etags are checked like a real store.
/// Not for several silos: each silo would see only its own entries.
/// </summary>
public sealed class LocalMemoryGrainStorage(DeepCopier copier, TimeProvider timeProvider, TimeSpan? entryExpiry) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string State, GrainId Grain), Entry> _entries = new();
    private long _nextEtag;
    private long _writesSinceSweep;

    /// <summary>How many entries are stored now (expired ones included until the next sweep).</summary>
    public int Count => _entries.Count;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_entries.TryGetValue((stateName, grainId), out var entry) && !IsExpired(entry))
        {
            grainState.State = copier.Copy((T)entry.State);
            grainState.ETag = entry.ETag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = (stateName, grainId);
        var etag = Interlocked.Increment(ref _nextEtag).ToString(CultureInfo.InvariantCulture);
        var written = new Entry(copier.Copy(grainState.State)!, etag, ExpiresAt());
        _entries.AddOrUpdate(
            key,
            _ => grainState.ETag is null ? written : throw Conflict(stateName, grainId, grainState.ETag, null),
            (_, current) => IsExpired(current) || current.ETag == grainState.ETag ? written : throw Conflict(stateName, grainId, grainState.ETag, current.ETag));
        grainState.ETag = etag;
        grainState.RecordExists = true;
        SweepNowAndThen();
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (_entries.TryGetValue((stateName, grainId), out var current) && current.ETag != grainState.ETag && !IsExpired(current))
        {
            throw Conflict(stateName, grainId, grainState.ETag, current.ETag);
        }

        _entries.TryRemove((stateName, grainId), out _);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    /// <summary>Removes expired entries; called every few thousand writes so no timer is needed.</summary>
    public void Sweep()
    {
        foreach (var (key, entry) in _entries)
        {
            if (IsExpired(entry))
            {
                _entries.TryRemove(new KeyValuePair<(string, GrainId), Entry>(key, entry));
            }
        }
    }

    private void SweepNowAndThen()
    {
        if (entryExpiry is not null && Interlocked.Increment(ref _writesSinceSweep) % 4096 == 0)
        {
            Sweep();
        }
    }

    private DateTimeOffset? ExpiresAt() => entryExpiry is { } ttl ? timeProvider.GetUtcNow() + ttl : null;

    private bool IsExpired(Entry entry) => entry.ExpiresAt is { } at && at <= timeProvider.GetUtcNow();

    private static InconsistentStateException Conflict(string stateName, GrainId grainId, string? expected, string? actual) =>
        new($"state {stateName} of {grainId} changed underneath this activation", actual ?? "none", expected ?? "none");

    private sealed record Entry(object State, string ETag, DateTimeOffset? ExpiresAt);
}
