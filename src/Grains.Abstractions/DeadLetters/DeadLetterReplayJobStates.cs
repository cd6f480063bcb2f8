namespace Relay.DeadLetters;

/// <summary>The states of a bulk replay job (<see cref="DeadLetterReplayJob.State"/>), as the API spells them.</summary>
public static class DeadLetterReplayJobStates
{
    /// <summary>Entries are still being handed over.</summary>
    public const string Running = "running";

    /// <summary>Every matching entry was handled and none failed.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Every matching entry was handled and at least one could not be handed over (see the failures; replay them again).</summary>
    public const string Failed = "failed";
}
