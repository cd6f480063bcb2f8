namespace Relay.Grains.Events;

/// <summary>Persisted state of an event grain: when its key was completed.</summary>
[GenerateSerializer, Alias("Relay.Grains.Events.EventGrainState")]
public sealed class EventGrainState
{
    /// <summary>Format version of this record.</summary>
    [Id(0)] public int Version { get; set; } = 1;

    /// <summary>Set once the run grain recorded the event; null while the key is still retryable.</summary>
    [Id(1)] public DateTimeOffset? CompletedAt { get; set; }
}
