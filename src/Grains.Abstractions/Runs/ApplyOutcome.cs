namespace Relay.Runs;

/// <summary>What the run grain did with an event.</summary>
[GenerateSerializer, Alias("Relay.Runs.ApplyOutcome")]
public enum ApplyOutcome
{
    /// <summary>The event is in the run's persisted state (and its due actions in the outbox).</summary>
    Recorded = 0,

    /// <summary>This event key was recorded before; nothing changed.</summary>
    AlreadyRecorded = 1,
}
