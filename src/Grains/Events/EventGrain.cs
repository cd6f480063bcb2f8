using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Grains.Diagnostics;
using Relay.Grains.Runs;
using Relay.Grains.Storage;
using Relay.Runs;

namespace Relay.Grains.Events;

/// <summary>
/// Cluster-wide dedupe of one CloudEvent. The key completes only after the run grain recorded the event, and
/// completion is written with the storage etag before answering, so a brief second activation loses the race.
/// </summary>
// Event grains are one-shot: collect idle activations soon (Tekton's retransmissions come within ~20 s; a later
// one re-reads the stored state). DeactivateOnIdle would reject concurrent duplicates instead of answering them.
[GrainType("event"), CollectionAgeLimit("00:00:30")]
internal sealed partial class EventGrain(
    [PersistentState(RelayStorage.EventState, RelayStorage.Events)] IPersistentState<EventGrainState> state,
    IOptions<DedupeOptions> options,
    StringKeyedGrains<IPipelineRunGrain> runs,
    TimeProvider timeProvider,
    RelayMetrics metrics,
    ILogger<EventGrain> logger) : Grain, IEventGrain
{
    private readonly TimeSpan _ttl = options.Value.Ttl.Value;

    async Task<AcceptOutcome> IEventGrain.AcceptAsync(RelayEvent relayEvent)
    {
        var now = timeProvider.GetUtcNow();
        if (state.State.CompletedAt is { } completedAt && now - completedAt < _ttl)
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

        state.State.CompletedAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not completed until stored: a retry must reach the run grain again, not be answered from memory.
            state.State.CompletedAt = null;
            throw;
        }

        if (applied == ApplyOutcome.AlreadyRecorded)
        {
            // An earlier attempt reached the run grain but did not complete here: it is a retransmission.
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
