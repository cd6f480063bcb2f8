namespace Relay.Events;

/// <summary>What the event grain did with an event.</summary>
[GenerateSerializer, Alias("Relay.Events.AcceptOutcome")]
public enum AcceptOutcome
{
    /// <summary>First time: the run grain recorded it durably.</summary>
    Accepted = 0,

    /// <summary>This key was already completed: nothing happened.</summary>
    Duplicate = 1,
}
