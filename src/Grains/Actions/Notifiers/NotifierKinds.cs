namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// The notifier kinds (<c>notifiers.&lt;kind&gt;[]</c>): each is also the provider name of its effects
/// (<see cref="Relay.Actions.Effect.Provider"/>), so the executor of a kind is found by it.
/// </summary>
internal static class NotifierKinds
{
    public const string Slack = "slack";
    public const string Teams = "teams";
    public const string Discord = "discord";
    public const string GoogleChat = "google_chat";
    public const string PagerDuty = "pagerduty";
    public const string Email = "email";
    public const string Webhook = "webhook";

    public static readonly string[] All = [Slack, Teams, Discord, GoogleChat, PagerDuty, Email, Webhook];
}
