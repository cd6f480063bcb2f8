namespace Relay.Grains.Runs.RunModel;

/// <summary>What <see cref="RunAccumulator.Accumulate"/> did with an event.</summary>
internal enum Accumulation
{
    /// <summary>Recorded and merged: the state changed and must be written before the event is acknowledged.</summary>
    Recorded,

    /// <summary>The event carries a new uid: the run key now holds a new run (old details dropped), and the event is recorded in it.</summary>
    Restarted,

    /// <summary>This event key is already recorded: nothing changed.</summary>
    AlreadyRecorded,

    /// <summary>The event belongs to a run this key held before a newer uid replaced it: ignored.</summary>
    OfRetiredRun,

    /// <summary>The run was forgotten after <c>run_ttl</c>: its late events record and post nothing.</summary>
    OfForgottenRun,
}
