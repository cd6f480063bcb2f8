using Microsoft.Extensions.Logging;
using Relay.Grains.Diagnostics;
using Relay.Grains.Runs.RunModel;

namespace Relay.Grains.Runs;

internal sealed partial class PipelineRunGrain
{
    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.RunForgotten, EventName = "RunForgotten", Level = LogLevel.Debug,
            Message = "Run {RunKey} idle for {Idle} with nothing pending: details removed, identity kept for one more run_ttl")]
        public static partial void RunForgotten(ILogger logger, string runKey, TimeSpan idle);

        [LoggerMessage(EventId = LogEventIds.RunTombstoned, EventName = "RunRecordRemoved", Level = LogLevel.Debug,
            Message = "Run {RunKey}: record removed")]
        public static partial void RunTombstoneRemoved(ILogger logger, string runKey);

        [LoggerMessage(EventId = LogEventIds.EventRecorded, EventName = "EventRecorded", Level = LogLevel.Debug,
            Message = "Event {EventKey} recorded in run {RunKey} as {State}; {Planned} action(s) planned")]
        public static partial void EventRecorded(ILogger logger, string eventKey, string runKey, Relay.Runs.CiState state, int planned);

        [LoggerMessage(EventId = LogEventIds.EventOfRetiredRun, EventName = "EventIgnored", Level = LogLevel.Debug,
            Message = "Event {EventKey} for run {RunKey} ignored: {Accumulation}")]
        public static partial void EventIgnored(ILogger logger, string eventKey, string runKey, Accumulation accumulation);

        [LoggerMessage(EventId = LogEventIds.RunRestarted, EventName = "RunRestarted", Level = LogLevel.Information,
            Message = "Run {RunKey} now holds a new PipelineRun (uid {Uid}): the earlier run's details were dropped")]
        public static partial void RunRestarted(ILogger logger, string runKey, string? uid);

        [LoggerMessage(EventId = LogEventIds.RunStateWriteFailed, EventName = "RunStateWriteFailed", Level = LogLevel.Warning,
            Message = "Run {RunKey}: state write failed ({Error}); the activation is retired and callers retry")]
        public static partial void StateWriteFailed(ILogger logger, string runKey, string error);

        [LoggerMessage(EventId = LogEventIds.DrainFailed, EventName = "DrainFailed", Level = LogLevel.Warning,
            Message = "Run {RunKey}: outbox drain interrupted ({Error}); trying again")]
        public static partial void DrainFailed(ILogger logger, string runKey, string error);

        [LoggerMessage(EventId = LogEventIds.ActionDelivered, EventName = "ActionDelivered", Level = LogLevel.Debug,
            Message = "Run {RunKey}: {Context} delivered ({Effect}, attempt {Attempts})")]
        public static partial void ActionDelivered(ILogger logger, string runKey, string context, string? effect, int attempts);

        [LoggerMessage(EventId = LogEventIds.ActionRetry, EventName = "ActionRetry", Level = LogLevel.Warning,
            Message = "Run {RunKey}: {Context} attempt {Attempts} failed, retrying in {Wait}: {Error}")]
        public static partial void ActionRetry(ILogger logger, string runKey, string context, int attempts, TimeSpan wait, string? error);

        [LoggerMessage(EventId = LogEventIds.ActionFailed, EventName = "ActionFailed", Level = LogLevel.Error,
            Message = "Run {RunKey}: {Context} given up after {Attempts} attempt(s): {Error}")]
        public static partial void ActionFailed(ILogger logger, string runKey, string context, int attempts, string? error);

        [LoggerMessage(EventId = LogEventIds.DeadLetterDeferred, EventName = "DeadLetterDeferred", Level = LogLevel.Warning,
            Message = "Run {RunKey}: {Context} failed for good but the dead-letter store is unreachable ({Error}); kept in the outbox")]
        public static partial void DeadLetterDeferred(ILogger logger, string runKey, string context, string error);

        [LoggerMessage(EventId = LogEventIds.DeadLetterRemovalDeferred, EventName = "DeadLetterRemovalDeferred", Level = LogLevel.Warning,
            Message = "Run {RunKey}: dead letter {DeadLetterId} was delivered but the store is unreachable ({Error}); removal retried")]
        public static partial void DeadLetterRemovalDeferred(ILogger logger, string runKey, string deadLetterId, string error);

        [LoggerMessage(EventId = LogEventIds.DeadLetterReplayed, EventName = "DeadLetterReplayed", Level = LogLevel.Information,
            Message = "Run {RunKey}: dead letter {DeadLetterId} ({Context}) put back into the outbox")]
        public static partial void DeadLetterReplayed(ILogger logger, string runKey, string deadLetterId, string context);
    }
}
