namespace Relay.Grains.Actions.Notifiers;

/// <summary>What a delivery sends, decided at delivery from the command and the notifier's history.</summary>
internal enum NotificationMessage
{
    /// <summary>The state as it is (failure, error, success, …).</summary>
    Plain = 0,

    /// <summary>A success after a failed or errored run: "fixed".</summary>
    Fixed = 1,

    /// <summary>PagerDuty: open (or update) the incident.</summary>
    Trigger = 2,

    /// <summary>PagerDuty: close the incident a failure opened.</summary>
    Resolve = 3,
}
