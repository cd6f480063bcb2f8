namespace Relay.Grains.Actions.Notifiers;

/// <summary>Event ids of the notifiers' log messages (actions 4xxx; notifiers 47xx).</summary>
internal static class NotifierLogEventIds
{
    public const int Sent = 4701;
    public const int Failed = 4702;
    public const int Skipped = 4703;
    public const int NotifierUnknown = 4704;
    public const int HistoryUnavailable = 4705;
    public const int TemplateFailed = 4706;
}
