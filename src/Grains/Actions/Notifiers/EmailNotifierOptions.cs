using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>An e-mail notifier: an SMTP server, a sender and recipients.</summary>
public sealed class EmailNotifierOptions : NotifierOptions
{
    [ConfigurationKeyName("smtp")]
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender address.</summary>
    [ConfigurationKeyName("from")]
    public string From { get; set; } = "";

    /// <summary>Recipient addresses; at least one.</summary>
    [ConfigurationKeyName("to")]
    public List<string> To { get; set; } = [];

    /// <summary>The subject (Liquid allowed); default "[relay] &lt;pipeline&gt; &lt;state&gt; in &lt;namespace&gt;".</summary>
    [ConfigurationKeyName("subject")]
    public string? Subject { get; set; }
}
