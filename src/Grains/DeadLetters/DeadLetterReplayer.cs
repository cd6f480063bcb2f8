using Microsoft.Extensions.Logging;
using Relay.DeadLetters;
using Relay.Grains.Diagnostics;
using Relay.Runs;

namespace Relay.Grains.DeadLetters;

/// <summary>
/// Replays one dead letter: claims it in its shard (state replaying), hands it to its run grain, and removes it at once
/// when the run grain says nothing is to be posted; a failed hand-over releases it (failed again). Shared by the
/// store grain (one entry) and the bulk replay job; it runs in the calling grain, never in a shard.
/// </summary>
internal sealed partial class DeadLetterReplayer(IGrainFactory grains, RelayMetrics metrics, ILogger logger)
{
    public async Task<DeadLetterReplay> ReplayAsync(string id, bool includeReplaying)
    {
        var shard = grains.GetDeadLetterShard(id);
        var claim = await shard.ClaimAsync(id, includeReplaying);
        if (claim.Status != DeadLetterClaimStatus.Claimed)
        {
            var status = claim.Status == DeadLetterClaimStatus.NotFound ? DeadLetterReplayStatus.NotFound : DeadLetterReplayStatus.Skipped;
            return new DeadLetterReplay { Id = id, Status = status, Letter = claim.Letter };
        }

        var letter = claim.Letter!;
        Log.ReplayStarted(logger, letter.RunKey, id, letter.LedgerKey, letter.Replays);
        ReplayOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IPipelineRunGrain>(letter.RunKey).ReplayAsync(letter);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.ReplayFailed(logger, exception, letter.RunKey, id);
            try
            {
                await shard.ReleaseAsync(id);
            }
            catch (Exception releaseFailure) when (releaseFailure is not OutOfMemoryException)
            {
                // The entry stays replaying; replaying it again (by id) is always allowed.
                Log.ReplayFailed(logger, releaseFailure, letter.RunKey, id);
            }

            metrics.DeadLetterReplayed(DeadLetterReplay.Tag(DeadLetterReplayStatus.Failed));
            return new DeadLetterReplay { Id = id, Status = DeadLetterReplayStatus.Failed, Letter = letter with { State = DeadLetterStates.Failed }, Error = exception.Message };
        }

        var replayed = outcome switch
        {
            ReplayOutcome.AlreadyDelivered => DeadLetterReplayStatus.AlreadyDelivered,
            ReplayOutcome.Superseded => DeadLetterReplayStatus.Superseded,
            _ => DeadLetterReplayStatus.Enqueued,
        };
        if (replayed != DeadLetterReplayStatus.Enqueued)
        {
            // Nothing will be posted, so nothing would ever remove it: it leaves now.
            await shard.RemoveAsync(id);
        }

        metrics.DeadLetterReplayed(DeadLetterReplay.Tag(replayed));
        return new DeadLetterReplay { Id = id, Status = replayed, Letter = letter };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayStarted, EventName = "DeadLetterReplayStarted", Level = LogLevel.Information,
            Message = "Run {RunKey}: replaying dead letter {DeadLetterId} ({Context}), replay {Replays}")]
        public static partial void ReplayStarted(ILogger logger, string runKey, string deadLetterId, string context, int replays);

        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayFailed, EventName = "DeadLetterReplayFailed", Level = LogLevel.Warning,
            Message = "Run {RunKey}: dead letter {DeadLetterId} could not be handed to its run grain; it is failed again")]
        public static partial void ReplayFailed(ILogger logger, Exception exception, string runKey, string deadLetterId);
    }
}
