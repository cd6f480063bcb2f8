using Orleans.Runtime;
using Orleans.Storage;

namespace Relay.Testing.Faults;

/// <summary>
/// Wraps a real <see cref="IGrainStorage"/> (Redis, memory) and fails the calls that an armed
/// <see cref="StorageFault"/> of <see cref="GrainStorageFaults"/> claims, the way the store itself would fail them.
/// Registered in place of a named provider by <see cref="FaultInjectionServiceCollectionExtensions.AddGrainStorageFaults"/>.
/// </summary>
public sealed class FaultInjectingGrainStorage(string name, IGrainStorage inner, GrainStorageFaults faults)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The real provider.</summary>
    public IGrainStorage Inner => inner;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        CallAsync(StorageOperations.Read, stateName, grainId, grainState, () => inner.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        CallAsync(StorageOperations.Write, stateName, grainId, grainState, () => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        CallAsync(StorageOperations.Clear, stateName, grainId, grainState, () => inner.ClearStateAsync(stateName, grainId, grainState));

    // The real provider's lifecycle (Redis connects in Init) must still run: Orleans resolves this wrapper as the participant.
    public void Participate(ISiloLifecycle observer) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(observer);

    private async Task CallAsync<T>(StorageOperations operation, string stateName, GrainId grainId, IGrainState<T> grainState, Func<Task> call)
    {
        var request = new StorageCall(operation, name, stateName, grainId, grainState.State);
        var fault = faults.Claim(request);
        if (fault is { Timing: FaultTiming.BeforeCall })
        {
            throw fault.Exception(request);
        }

        if (operation == StorageOperations.Write && faults.WriteLatency > TimeSpan.Zero && (faults.WriteLatencyStorage ?? name) == name)
        {
            await Task.Delay(faults.WriteLatency);
        }

        var (etag, existed) = (grainState.ETag, grainState.RecordExists);
        await call();
        if (fault is not null)
        {
            // The store did the work but the reply was lost: the grain keeps the etag it had, as it would with Redis.
            (grainState.ETag, grainState.RecordExists) = (etag, existed);
            throw fault.Exception(request);
        }
    }
}
