using Microsoft.Extensions.Logging;
using Relay.Grains.Diagnostics;

namespace Relay.Grains.Runs;

internal sealed partial class PipelineRunGrain
{
    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.RunForgotten, EventName = "RunForgotten", Level = LogLevel.Debug,
            Message = "Run {RunKey} idle for {Idle} with nothing pending: state removed")]
        public static partial void RunForgotten(ILogger logger, string runKey, TimeSpan idle);

        [LoggerMessage(EventId = LogEventIds.EventRecorded, EventName = "EventRecorded", Level = LogLevel.Debug,
            Message = "Event {EventKey} recorded in run {RunKey} as {State}; {Planned} action(s) planned")]
        public static partial void EventRecorded(ILogger logger, string eventKey, string runKey, Relay.Runs.CiState state, int planned);

        [LoggerMessage(EventId = LogEventIds.StaleStateIgnored, EventName = "StaleStateIgnored", Level = LogLevel.Debug,
            Message = "Event {EventKey} in run {RunKey} says {State} but the run already holds {Current}; kept")]
        public static partial void StaleStateIgnored(ILogger logger, string eventKey, string runKey, Relay.Runs.CiState state, Relay.Runs.CiState current);

        [LoggerMessage(EventId = LogEventIds.ActionPlanned, EventName = "ActionPlanned", Level = LogLevel.Debug,
            Message = "Run {RunKey}: {Context} → {State} queued in the outbox")]
        public static partial void ActionPlanned(ILogger logger, string runKey, string context, string state);

        [LoggerMessage(EventId = LogEventIds.ActionDelivered, EventName = "ActionDelivered", Level = LogLevel.Debug,
            Message = "Run {RunKey}: {Context} → {State} delivered (attempt {Attempts})")]
        public static partial void ActionDelivered(ILogger logger, string runKey, string context, string? state, int attempts);

        [LoggerMessage(EventId = LogEventIds.ActionRetry, EventName = "ActionRetry", Level = LogLevel.Warning,
            Message = "Run {RunKey}: {Context} attempt {Attempts} failed, retrying in {Wait}: {Error}")]
        public static partial void ActionRetry(ILogger logger, string runKey, string context, int attempts, TimeSpan wait, string? error);

        [LoggerMessage(EventId = LogEventIds.ActionFailed, EventName = "ActionFailed", Level = LogLevel.Error,
            Message = "Run {RunKey}: {Context} given up after {Attempts} attempt(s): {Error}")]
        public static partial void ActionFailed(ILogger logger, string runKey, string context, int attempts, string? error);

        [LoggerMessage(EventId = LogEventIds.DeadLetterDeferred, EventName = "DeadLetterDeferred", Level = LogLevel.Warning,
            Message = "Run {RunKey}: {Context} failed for good but the dead-letter store is unreachable ({Error}); kept in the outbox")]
        public static partial void DeadLetterDeferred(ILogger logger, string runKey, string context, string error);

        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayed, EventName = "DeadLetterReplayed", Level = LogLevel.Information,
            Message = "Run {RunKey}: dead letter {DeadLetterId} ({Context}) put back into the outbox")]
        public static partial void DeadLetterReplayed(ILogger logger, string runKey, string deadLetterId, string context);
    }
}
