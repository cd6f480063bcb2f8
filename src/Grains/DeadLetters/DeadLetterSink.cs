using Relay.DeadLetters;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// The run grains' way into the dead-letter store: each call goes to the shard that holds the id. Both calls are
/// idempotent, so a run grain may repeat them after a crash.
/// </summary>
internal sealed class DeadLetterSink(IGrainFactory grains) : IDeadLetterSink
{
    public Task AddAsync(DeadLetter letter) => grains.GetDeadLetterShard(letter.Id).AddAsync(letter);

    public Task RemoveAsync(string id, ReplayOutcome outcome) => grains.GetDeadLetterShard(id).RemoveAsync(id);
}
