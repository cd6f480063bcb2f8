using Microsoft.Extensions.Configuration;

namespace Relay.Grains.Actions.Notifiers;

/// <summary><c>email[].smtp</c>: where and how to submit mail.</summary>
public sealed class SmtpOptions
{
    [ConfigurationKeyName("host")]
    public string Host { get; set; } = "";

    /// <summary>Default 587 (submission).</summary>
    [ConfigurationKeyName("port")]
    public int Port { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS (required when true). Default true; false sends in clear text.</summary>
    [ConfigurationKeyName("starttls")]
    public bool StartTls { get; set; } = true;

    /// <summary>The SMTP user; no authentication when empty.</summary>
    [ConfigurationKeyName("username")]
    public string? Username { get; set; }

    /// <summary>A file holding the SMTP password (whitespace trimmed); required with <see cref="Username"/>.</summary>
    [ConfigurationKeyName("password_file")]
    public string? PasswordFile { get; set; }
}
