namespace Relay.Grains.Storage;

/// <summary>Storage provider and state names. They are part of the stored data's identity: never rename them.</summary>
public static class RelayStorage
{
    /// <summary>Grain storage for run grains (and, later, dead letters).</summary>
    public const string Runs = "relay";

    /// <summary>Grain storage for event grains; entries expire after <c>dedupe_ttl</c> where the store supports it.</summary>
    public const string Events = "relay-events";

    /// <summary>State name of <see cref="Events.EventGrain"/>.</summary>
    public const string EventState = "event";

    /// <summary>State name of <see cref="Runs.PipelineRunGrain"/>.</summary>
    public const string RunState = "run";

    /// <summary>State name of <see cref="DeadLetters.DeadLetterShardGrain"/> (stored in <see cref="Runs"/>).</summary>
    public const string DeadLetterState = "deadletters";

    /// <summary>State name of <see cref="DeadLetters.DeadLetterGrain"/>, one record per dead letter (stored in <see cref="Runs"/>).</summary>
    public const string DeadLetterRecordState = "deadletter";

    /// <summary>State name of <see cref="Actions.Notifiers.NotifierHistoryGrain"/> (stored in <see cref="Runs"/>).</summary>
    public const string NotifierHistoryState = "notifier-history";
}
