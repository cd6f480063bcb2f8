using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>The <c>notifiers</c> section (SPEC §8): one list of instances per kind.</summary>
public sealed class NotifiersOptions
{
    /// <summary>The configuration section this module binds.</summary>
    public const string Section = "notifiers";

    /// <summary><c>notifiers.slack[]</c>: Slack incoming webhooks (Block Kit messages).</summary>
    [ConfigurationKeyName("slack")]
    public List<ChatNotifierOptions> Slack { get; set; } = [];

    /// <summary><c>notifiers.teams[]</c>: Microsoft Teams Workflows webhooks (Adaptive Cards).</summary>
    [ConfigurationKeyName("teams")]
    public List<ChatNotifierOptions> Teams { get; set; } = [];

    /// <summary><c>notifiers.discord[]</c>: Discord webhooks (embeds).</summary>
    [ConfigurationKeyName("discord")]
    public List<ChatNotifierOptions> Discord { get; set; } = [];

    /// <summary><c>notifiers.google_chat[]</c>: Google Chat space webhooks (cards v2).</summary>
    [ConfigurationKeyName("google_chat")]
    public List<ChatNotifierOptions> GoogleChat { get; set; } = [];

    /// <summary><c>notifiers.pagerduty[]</c>: PagerDuty Events API v2 (trigger on failure, resolve on the next success).</summary>
    [ConfigurationKeyName("pagerduty")]
    public List<PagerDutyNotifierOptions> PagerDuty { get; set; } = [];

    /// <summary><c>notifiers.email[]</c>: e-mail over SMTP.</summary>
    [ConfigurationKeyName("email")]
    public List<EmailNotifierOptions> Email { get; set; } = [];

    /// <summary><c>notifiers.webhook[]</c>: signed HTTP POSTs (JSON or a CloudEvent).</summary>
    [ConfigurationKeyName("webhook")]
    public List<WebhookNotifierOptions> Webhook { get; set; } = [];

    /// <summary>Every configured instance with its kind and its configuration path (<c>notifiers.slack[0]</c>).</summary>
    internal IEnumerable<(string Kind, int Index, NotifierOptions Notifier)> All() =>
        Slack.Select((n, i) => (NotifierKinds.Slack, i, (NotifierOptions)n))
            .Concat(Teams.Select((n, i) => (NotifierKinds.Teams, i, (NotifierOptions)n)))
            .Concat(Discord.Select((n, i) => (NotifierKinds.Discord, i, (NotifierOptions)n)))
            .Concat(GoogleChat.Select((n, i) => (NotifierKinds.GoogleChat, i, (NotifierOptions)n)))
            .Concat(PagerDuty.Select((n, i) => (NotifierKinds.PagerDuty, i, (NotifierOptions)n)))
            .Concat(Email.Select((n, i) => (NotifierKinds.Email, i, (NotifierOptions)n)))
            .Concat(Webhook.Select((n, i) => (NotifierKinds.Webhook, i, (NotifierOptions)n)));

    /// <summary>The instance of <paramref name="kind"/> named <paramref name="name"/>, or null.</summary>
    internal NotifierOptions? Find(string kind, string name) =>
        All().FirstOrDefault(n => n.Kind == kind && string.Equals(n.Notifier.Name, name, StringComparison.OrdinalIgnoreCase)).Notifier;
}
