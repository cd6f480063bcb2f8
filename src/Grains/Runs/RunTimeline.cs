using Relay.Events;
using Relay.Runs;

namespace Relay.Grains.Runs;

/// <summary>
/// The run view's timeline of recorded events, kept in the run's state (written with the event, no extra write) and
/// bounded to <see cref="MaxEvents"/>: beyond it the oldest events after the first are dropped, so the first event and
/// the latest ones stay. A new incarnation and a forgotten run start it afresh (<c>RunAccumulator</c>).
/// </summary>
internal static class RunTimeline
{
    /// <summary>Most events one run's timeline keeps.</summary>
    public const int MaxEvents = 100;

    /// <summary>Appends <paramref name="relayEvent"/>, recorded at <paramref name="now"/>.</summary>
    public static void Record(PipelineRunGrainState run, RelayEvent relayEvent, DateTimeOffset now)
    {
        run.Timeline.Add(new TimelineEvent
        {
            ReceivedAt = now,
            EventType = relayEvent.EventType,
            Kind = relayEvent.Kind,
            Resource = relayEvent.Name,
            Task = relayEvent.PipelineTask,
            State = relayEvent.State,
            Reason = relayEvent.Reason,
        });
        if (run.Timeline.Count > MaxEvents)
        {
            run.Timeline.RemoveRange(1, run.Timeline.Count - MaxEvents);
        }
    }
}
