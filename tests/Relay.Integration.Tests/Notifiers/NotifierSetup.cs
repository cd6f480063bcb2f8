using Relay.Testing;

namespace Relay.Integration.Tests.Notifiers;

/// <summary>
/// The fake services of every notifier kind, the secret files pointing at them (written with surrounding whitespace,
/// which Relay must trim), and the <c>notifiers</c> section that configures one instance of each kind.
/// </summary>
public sealed class NotifierSetup : IAsyncDisposable
{
    /// <summary>The secret path parts of the chat webhook URLs: they must never appear in a log.</summary>
    public const string SlackSecret = "T0001/B0001/sl4ckS3cr3tT0k3n";
    public const string TeamsSecret = "workflows/t3amsS1gnatur3";
    public const string DiscordSecret = "123456/d1sc0rdT0k3n";
    public const string ChatSecret = "spaces/AAA/messages?key=ch4tK3y&token=ch4tT0k3n";

    private readonly string _directory;

    private NotifierSetup(string directory, FakeNotifierServices services, FakeSmtpServer smtp)
    {
        _directory = directory;
        Services = services;
        Smtp = smtp;
    }

    public FakeNotifierServices Services { get; }

    public FakeSmtpServer Smtp { get; }

    /// <summary>Every secret Relay was given (URLs, routing key, HMAC key, SMTP password).</summary>
    public IReadOnlyList<string> Secrets =>
        [SlackSecret, TeamsSecret, DiscordSecret, "ch4tK3y", "ch4tT0k3n", Services.RoutingKey, Services.WebhookSecret, Smtp.Password];

    public static async Task<NotifierSetup> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("relay-notifiers-").FullName;
        var services = await FakeNotifierServices.StartAsync();
        var smtp = await FakeSmtpServer.StartAsync();
        var setup = new NotifierSetup(directory, services, smtp);
        await setup.WriteAsync("slack", $"{services.BaseUrl}/slack/services/{SlackSecret}");
        await setup.WriteAsync("teams", $"{services.BaseUrl}/teams/{TeamsSecret}");
        await setup.WriteAsync("discord", $"{services.BaseUrl}/discord/api/webhooks/{DiscordSecret}");
        await setup.WriteAsync("chat", $"{services.BaseUrl}/chat/v1/{ChatSecret}");
        await setup.WriteAsync("pagerduty", services.RoutingKey);
        await setup.WriteAsync("hook", services.WebhookSecret);
        await setup.WriteAsync("smtp", smtp.Password);
        return setup;
    }

    public string File(string name) => Path.Combine(_directory, name);

    /// <summary>The <c>notifiers</c> section: one instance of each kind, Slack also "fixed", PagerDuty triggering and resolving.</summary>
    public string Section(string webhookFormat = "cloudevents") => $"""
        notifiers:
          slack:
            - name: ci-alerts
              webhook_url_file: {File("slack")}
              on: [failure, error, success_after_failure]
          teams:
            - name: ci-teams
              webhook_url_file: {File("teams")}
          discord:
            - name: ci-discord
              webhook_url_file: {File("discord")}
          google_chat:
            - name: ci-chat
              webhook_url_file: {File("chat")}
          pagerduty:
            - name: oncall
              routing_key_file: {File("pagerduty")}
              base_url: {Services.BaseUrl}/pagerduty
              severity: critical
          email:
            - name: team-mail
              smtp:
                host: 127.0.0.1
                port: {Smtp.Port}
                starttls: false
                username: {Smtp.User}
                password_file: {File("smtp")}
              from: relay@example.com
              to: [ci@example.com, oncall@example.com]
          webhook:
            - name: audit
              url: {Services.BaseUrl}/hook/tekton
              secret_file: {File("hook")}
              format: {webhookFormat}
        """;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Smtp.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task WriteAsync(string name, string secret) => System.IO.File.WriteAllTextAsync(File(name), $"  {secret}\n\n");
}
