using Relay.DeadLetters;
using Relay.Grains.Storage;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// One dead letter's record (<see cref="IDeadLetterGrain"/>): the entry with its effect, bodies included, written alone.
/// Letters are written once and read rarely, so an activation leaves as soon as it is idle and holds no body for long.
/// </summary>
[GrainType("deadletter")]
internal sealed class DeadLetterGrain(
    [PersistentState(RelayStorage.DeadLetterRecordState, RelayStorage.Runs)] IPersistentState<DeadLetterGrainState> state)
    : Grain, IDeadLetterGrain
{
    Task<DeadLetter?> IDeadLetterGrain.GetAsync()
    {
        DeactivateOnIdle();
        return Task.FromResult(state.State.Letter);
    }

    async Task IDeadLetterGrain.PutAsync(DeadLetter letter)
    {
        DeactivateOnIdle();
        if (state.RecordExists && state.State.Letter == letter)
        {
            return;
        }

        state.State.Version = DeadLetterGrainState.CurrentVersion;
        state.State.Letter = letter;
        await state.WriteStateAsync();
    }

    async Task IDeadLetterGrain.ClearAsync()
    {
        DeactivateOnIdle();
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }
    }
}
