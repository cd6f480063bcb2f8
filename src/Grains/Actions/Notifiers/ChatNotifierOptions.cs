using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>A chat notifier (Slack, Teams, Discord, Google Chat): an incoming-webhook URL, which is a secret.</summary>
public sealed class ChatNotifierOptions : NotifierOptions
{
    /// <summary>A file holding the webhook URL (whitespace trimmed; re-read at each delivery). Never logged.</summary>
    [ConfigurationKeyName("webhook_url_file")]
    public string? WebhookUrlFile { get; set; }
}
