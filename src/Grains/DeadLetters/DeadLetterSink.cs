using Microsoft.Extensions.Logging;
using Relay.DeadLetters;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// The run grains' way into the dead-letter store: each call goes to the shard that holds the id, and an add then lets
/// the trimmer keep the store within its cap. Both calls are idempotent, so a run grain may repeat them after a crash.
/// </summary>
internal sealed partial class DeadLetterSink(IGrainFactory grains, ILogger<DeadLetterSink> logger) : IDeadLetterSink
{
    public async Task AddAsync(DeadLetter letter)
    {
        await grains.GetDeadLetterShard(letter.Id).AddAsync(letter);
        try
        {
            await grains.GetDeadLetterTrimmer().AddedAsync();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The letter is stored: that is what the run grain waits for. The trimmer's reminder enforces the cap later.
            Log.TrimFailed(logger, exception);
        }
    }

    public Task RemoveAsync(string id, ReplayOutcome outcome) => grains.GetDeadLetterShard(id).RemoveAsync(id);

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DeadLetterCapCheckFailed, EventName = "DeadLetterCapCheckFailed", Level = LogLevel.Warning,
            Message = "A dead letter was stored but the store's cap could not be checked now; the trimmer's reminder checks it later")]
        public static partial void TrimFailed(ILogger logger, Exception exception);
    }
}
