namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// What one notifier remembers across runs of one pipeline: the last terminal outcome per
/// <c>{kind}/{name}|{repository or ns:namespace}|{pipeline}|{pr-N or default}</c>. It decides "fixed" messages and
/// PagerDuty resolves.
/// </summary>
[Alias("Relay.Actions.INotifierHistoryGrain"), GrainInterfaceType("Relay.Actions.INotifierHistoryGrain")]
public interface INotifierHistoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records that run <paramref name="runId"/> ended <paramref name="outcome"/> and answers the outcome of the run
    /// recorded before it (null: none). Idempotent per run: asking again for a run already recorded answers the same
    /// and changes nothing, so a redelivered or replayed effect decides as its first delivery did.
    /// </summary>
    [Alias("record")]
    Task<string?> RecordAsync(string runId, string outcome);
}
