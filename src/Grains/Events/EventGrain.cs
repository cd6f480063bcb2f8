using Microsoft.Extensions.Logging;
using Relay.Events;
using Relay.Grains.Diagnostics;
using Relay.Grains.Runs;
using Relay.Runs;

namespace Relay.Grains.Events;

/// <summary>
/// Cluster-wide dedupe of one CloudEvent, kept cheap: the grain holds its mark in memory and answers the duplicates that
/// arrive while it is active (Tekton retransmits within seconds) without touching the run. The durable record is the
/// run grain's: it records each event key with the run's state (written with the storage etag before it answers) and
/// answers a key it holds <see cref="ApplyOutcome.AlreadyRecorded"/>, so a retransmission that reaches a fresh
/// activation, or a second activation during a membership change, is still a duplicate. A run's record outlives its
/// event keys by at least <c>dedupe_ttl</c> (<see cref="Runs.RunRetentionOptions"/>).
/// </summary>
// One-shot: collect idle activations soon; a later retransmission is answered by the run grain's record.
// DeactivateOnIdle would make Orleans reject the concurrent duplicates queued behind the first call instead of answering them.
[GrainType("event"), CollectionAgeLimit("00:00:20")]
internal sealed partial class EventGrain(
    StringKeyedGrains<IPipelineRunGrain> runs,
    RelayMetrics metrics,
    ILogger<EventGrain> logger) : Grain, IEventGrain
{
    // Set only once the run grain answered, i.e. once storage holds the event: a failed attempt leaves the key retryable.
    private bool _completed;

    async Task<AcceptOutcome> IEventGrain.AcceptAsync(RelayEvent relayEvent)
    {
        if (_completed)
        {
            metrics.DuplicateEvent();
            Log.DuplicateEvent(logger, relayEvent.EventKey);
            return AcceptOutcome.Duplicate;
        }

        ApplyOutcome applied;
        try
        {
            applied = await runs.Get(relayEvent.RunKey).ApplyAsync(relayEvent);
        }
        catch (RunStateUnavailableException retired) when (retired.Retired)
        {
            // That activation found storage ahead of it and stepped down: the call reaches a fresh one that reads it.
            applied = await runs.Get(relayEvent.RunKey).ApplyAsync(relayEvent);
        }

        _completed = true;
        if (applied == ApplyOutcome.AlreadyRecorded)
        {
            // The run holds the key already: an earlier activation of this grain (collected, or on a silo that left)
            // took it, or a concurrent one did. Either way it is a retransmission.
            metrics.DuplicateEvent();
            Log.DuplicateEvent(logger, relayEvent.EventKey);
            return AcceptOutcome.Duplicate;
        }

        Log.EventAccepted(logger, relayEvent.EventKey, relayEvent.RunKey);
        return AcceptOutcome.Accepted;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = LogEventIds.DuplicateEvent, EventName = "DuplicateEvent", Level = LogLevel.Debug,
            Message = "Event {EventKey} already handled; nothing posted")]
        public static partial void DuplicateEvent(ILogger logger, string eventKey);

        [LoggerMessage(EventId = LogEventIds.EventAccepted, EventName = "EventAccepted", Level = LogLevel.Debug,
            Message = "Event {EventKey} accepted for run {RunKey}")]
        public static partial void EventAccepted(ILogger logger, string eventKey, string runKey);
    }
}
