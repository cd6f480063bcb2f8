namespace Relay.Grains.Storage;

/// <summary>Storage provider and state names. They are part of the stored data's identity: never rename them.</summary>
public static class RelayStorage
{
    /// <summary>Grain storage for run grains (and, later, dead letters).</summary>
    public const string Runs = "relay";

    /// <summary>Grain storage for context owners (newest run wins); entries expire after <c>run_ttl</c> where the store supports it.</summary>
    public const string Claims = "relay-claims";

    /// <summary>State name of <see cref="Actions.Claims.ContextOwnerGrain"/>.</summary>
    public const string ContextOwnerState = "owner";

    /// <summary>State name of <see cref="Runs.PipelineRunGrain"/>.</summary>
    public const string RunState = "run";

    /// <summary>State name of <see cref="DeadLetters.DeadLetterShardGrain"/> (stored in <see cref="Runs"/>).</summary>
    public const string DeadLetterState = "deadletters";

    /// <summary>State name of <see cref="DeadLetters.DeadLetterGrain"/>, one record per dead letter (stored in <see cref="Runs"/>).</summary>
    public const string DeadLetterRecordState = "deadletter";

    /// <summary>State name of the progress of <see cref="DeadLetters.DeadLetterReplayJobGrain"/> (stored in <see cref="Runs"/>).</summary>
    public const string DeadLetterReplayJobState = "deadletter-replayjob";

    /// <summary>State name of the ids a <see cref="DeadLetters.DeadLetterReplayJobGrain"/> works through (stored in <see cref="Runs"/>).</summary>
    public const string DeadLetterReplayJobIdsState = "deadletter-replayjob-ids";

    /// <summary>State name of <see cref="Runs.Index.RunIndexShardGrain"/>, one record per index shard (stored in <see cref="Runs"/>).</summary>
    public const string RunIndexState = "runindex";
    /// <summary>State name of <see cref="Reconcile.ReconcilerGrain"/> (stored in <see cref="Runs"/>).</summary>
    public const string ReconcilerState = "reconciler";
    /// <summary>State name of <see cref="Actions.Notifiers.NotifierHistoryGrain"/> (stored in <see cref="Runs"/>).</summary>
    public const string NotifierHistoryState = "notifier-history";
}
