using Microsoft.Extensions.Logging;
using Relay.Grains.Diagnostics;
using Relay.Runs.Index;

namespace Relay.Grains.Runs.Index;

/// <summary>
/// The run grain's one hook into the run index: after each write it hands over the run's state, and a summary goes to
/// the run's index shard only when something listed changed (state, SCM target, effect counts, or the last event time
/// after <see cref="LastEventRefresh"/>). The message is one-way and every failure is swallowed and logged: the index
/// never fails, delays or blocks the run grain. Each activation reports at its first write, which repairs an index
/// entry lost with a shard's unflushed memory.
/// </summary>
internal sealed partial class RunIndexReporter(IGrainFactory grains, string runKey, TimeProvider timeProvider, ILogger logger)
{
    /// <summary>How stale the listed last event time may get before an event alone causes a report.</summary>
    public static readonly TimeSpan LastEventRefresh = TimeSpan.FromSeconds(30);

    private RunSummary? _reported;
    private bool _removed;

    /// <summary>Reports the run's summary if it changed materially since the last report. Never throws.</summary>
    public void Report(PipelineRunGrainState run)
    {
        try
        {
            var now = timeProvider.GetUtcNow();
            var summary = RunSummaries.From(runKey, run, now);
            if (summary is null)
            {
                // Forgotten (or nothing recorded yet): drop it from the listing once, if this activation listed it or
                // the record says the run was forgotten.
                if (!_removed && (_reported is not null || run.ForgottenAt is not null))
                {
                    _removed = true;
                    _reported = null;
                    _ = grains.GetRunIndexShard(runKey).RemoveAsync(runKey, now);
                }

                return;
            }

            if (_reported is not null && !Changed(_reported, summary))
            {
                return;
            }

            _reported = summary;
            _removed = false;
            _ = grains.GetRunIndexShard(runKey).UpdateAsync(summary);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.ReportFailed(logger, runKey, exception.Message);
        }
    }

    private static bool Changed(RunSummary reported, RunSummary current) =>
        reported with { LastEventAt = current.LastEventAt, FirstEventAt = current.FirstEventAt, ReportedAt = current.ReportedAt } != current
        || current.LastEventAt - reported.LastEventAt >= LastEventRefresh;

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.RunIndexReportFailed, EventName = "RunIndexReportFailed", Level = LogLevel.Debug,
            Message = "Run {RunKey}: its summary could not be sent to the run index ({Error}); the next change sends it again")]
        public static partial void ReportFailed(ILogger logger, string runKey, string error);
    }
}
