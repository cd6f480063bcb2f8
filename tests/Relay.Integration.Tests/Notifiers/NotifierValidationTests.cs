using Relay.Silo.Configuration;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Notifiers;

/// <summary><c>--validate</c> on the <c>notifiers</c> section: every problem with its path; a valid file passes; start-up refuses the same.</summary>
public sealed class NotifierValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-notifier-validation-").FullName;

    [Fact]
    public void A_valid_notifiers_section_with_every_kind_passes()
    {
        var secret = Secret("secret", "  https://hooks.slack.com/services/T/B/x \n");

        var errors = Validate($$$"""
            notifiers:
              slack:
                - name: ci-alerts
                  webhook_url_file: {{{secret}}}
                  on: [failure, error, success_after_failure]
                  when: "isPR() || namespace == 'ci'"
                  template: "{{ emoji }} {{ pipeline }} {{ state }}"
              teams: [{ name: t, webhook_url_file: {{{secret}}} }]
              discord: [{ name: d, webhook_url_file: {{{secret}}}, per_task: true, on: [failure] }]
              google_chat: [{ name: g, webhook_url_file: {{{secret}}}, filter: { pipelines: { allow: ["release-*"] } } }]
              pagerduty: [{ name: oncall, routing_key_file: {{{secret}}}, base_url: "https://events.pagerduty.com", severity: error }]
              email:
                - name: team-mail
                  smtp: { host: smtp.example.com, port: 587, starttls: true, username: relay, password_file: {{{secret}}} }
                  from: relay@example.com
                  to: [ci@example.com]
                  subject: "[ci] {{ pipeline }} {{ state }}"
              webhook: [{ name: audit, url: "https://hooks.example.com/tekton", secret_file: {{{secret}}}, format: json }]
            """);

        Assert.Empty(errors);
    }

    [Fact]
    public void Missing_secret_files_unknown_on_values_bad_templates_and_bad_conditions_are_each_named_by_path()
    {
        var secret = Secret("secret", "x");
        var empty = Secret("empty", " \n");

        var errors = Validate($$$"""
            notifiers:
              slack:
                - name: ci-alerts
                  webhook_url_file: /nonexistent/slack-webhook
                  on: [failure, broken]
                  template: "{{ pipeline "
                  when: "state = 'failure'"
              teams:
                - name: t
              pagerduty:
                - name: oncall
                  routing_key_file: {{{empty}}}
                  severity: loud
                  base_url: events.pagerduty.com
              email:
                - name: mail
                  smtp: { host: "", username: relay, password_file: /nonexistent/smtp }
                  from: not-an-address
                  to: []
              webhook:
                - name: audit
                  url: https://hooks.example.com
                  secret_file: {{{secret}}}
                  format: xml
                  secrets_file: /typo
              slak: [{ name: typo }]
            """);

        string[] expected =
        [
            "notifiers.slack[0].webhook_url_file: '/nonexistent/slack-webhook' does not exist",
            "notifiers.slack[0].on[1]: unknown 'broken'",
            "notifiers.slack[0].template: not a valid Liquid template",
            "notifiers.slack[0].when:",
            "notifiers.teams[0].webhook_url_file: required",
            $"notifiers.pagerduty[0].routing_key_file: '{empty}' is empty",
            "notifiers.pagerduty[0].severity: unknown 'loud'",
            "notifiers.pagerduty[0].base_url: not an absolute http(s) URL",
            "notifiers.email[0].smtp.host: required",
            "notifiers.email[0].smtp.password_file: '/nonexistent/smtp' does not exist",
            "notifiers.email[0].from: 'not-an-address' is not an e-mail address",
            "notifiers.email[0].to: at least one recipient",
            "notifiers.webhook[0].format: unknown 'xml'",
            "notifiers.webhook[0].secrets_file: unknown key",
            "notifiers.slak: unknown key",
        ];
        foreach (var prefix in expected)
        {
            Assert.True(errors.Any(e => e.StartsWith(prefix, StringComparison.Ordinal)), $"expected '{prefix}…' in:\n{string.Join("\n", errors)}");
        }

        // The webhook's secret file exists and holds a key: nothing is said about it.
        Assert.DoesNotContain(errors, e => e.StartsWith("notifiers.webhook[0].secret_file", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_up_refuses_a_notifier_whose_secret_file_is_missing()
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => RelayNode.StartAsync("""
            notifiers:
              slack:
                - name: ci-alerts
                  webhook_url_file: /nonexistent/slack-webhook
            """));

        Assert.Contains("notifiers.slack[0].webhook_url_file: '/nonexistent/slack-webhook' does not exist", exception.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Secret(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private List<string> Validate(string yaml)
    {
        var path = Path.Combine(_directory, $"relay-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return ConfigValidationCommand.Validate(["--config", path], out _).ToList();
    }
}
