using Orleans.Storage;

namespace Relay.Grains.DeadLetters.Tests;

/// <summary>Grain storage that passes every call on and records which state of which grain was written or cleared.</summary>
public sealed class RecordingGrainStorage(IGrainStorage inner) : IGrainStorage
{
    private readonly Lock _lock = new();
    private readonly List<(string Op, string State, GrainId Grain)> _calls = [];

    public IGrainStorage Inner => inner;

    /// <summary>The writes and clears seen since the last <see cref="Reset"/>, as <c>op state grain</c>.</summary>
    public IReadOnlyList<string> Changes
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls.Select(c => $"{c.Op} {c.State} {c.Grain}")];
            }
        }
    }

    public void Reset()
    {
        lock (_lock)
        {
            _calls.Clear();
        }
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Record("write", stateName, grainId);
        return inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        Record("clear", stateName, grainId);
        return inner.ClearStateAsync(stateName, grainId, grainState);
    }

    private void Record(string op, string stateName, GrainId grainId)
    {
        lock (_lock)
        {
            _calls.Add((op, stateName, grainId));
        }
    }
}
