namespace Relay.Receiver.Diagnostics;

/// <summary>Event ids of the receiver's log messages (intake 1xxx, dead-letter API 5xxx, configuration 6xxx, reconcile 7xxx).</summary>
internal static class LogEventIds
{
    public const int EventInvalid = 1001;
    public const int EventUnsupported = 1002;
    public const int EventFiltered = 1003;
    public const int ClusterUnavailable = 1004;
    public const int EventTooLarge = 1005;
    public const int EventHandled = 1006;
    public const int DecoderFault = 1007;
    public const int Unauthorized = 1008;
    public const int SecretReloaded = 1009;
    public const int SecretUnreadable = 1010;

    public const int DeadLetterApiUnavailable = 5101;
    public const int RunListUnavailable = 5102;
    public const int RunViewUnavailable = 5103;

    public const int NoActionsConfigured = 6001;
    public const int ConfigurationLoaded = 6002;

    public const int ReconcileApiFailed = 7101;
    public const int ReconcileFed = 7102;
    public const int ReconcileRunDeleted = 7103;
    public const int ReconcileFeedFailed = 7104;
    public const int ReconcileBudgetExhausted = 7105;
    public const int ReconcileObjectSkipped = 7106;
}
