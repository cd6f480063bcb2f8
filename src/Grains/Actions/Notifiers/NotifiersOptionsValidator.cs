using System.Net.Mail;
using Microsoft.Extensions.Options;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Summaries;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// Checks <c>notifiers</c> and reports every problem with its configuration path (<c>notifiers.slack[0].on[1]</c>):
/// names, <c>on</c> words, <c>when</c>, templates, filters, endpoints, and that each secret file exists and is not empty.
/// </summary>
internal sealed class NotifiersOptionsValidator(RelayTemplates templates) : IValidateOptions<NotifiersOptions>
{
    public ValidateOptionsResult Validate(string? name, NotifiersOptions options)
    {
        var errors = new List<string>();
        var names = new HashSet<(string, string)>();
        foreach (var (kind, index, notifier) in options.All())
        {
            var path = $"notifiers.{kind}[{index}]";
            if (string.IsNullOrWhiteSpace(notifier.Name))
            {
                errors.Add($"{path}.name: required");
            }
            else if (!names.Add((kind, notifier.Name.ToLowerInvariant())))
            {
                errors.Add($"{path}.name: '{notifier.Name}' is used by another {kind} notifier");
            }

            ValidateCommon(notifier, path, errors);
            switch (notifier)
            {
                case ChatNotifierOptions chat:
                    CheckSecretFile(chat.WebhookUrlFile, $"{path}.webhook_url_file", "the webhook URL", errors);
                    break;
                case PagerDutyNotifierOptions pagerDuty:
                    CheckSecretFile(pagerDuty.RoutingKeyFile, $"{path}.routing_key_file", "the routing key", errors);
                    CheckHttpUrl(pagerDuty.BaseUrl, $"{path}.base_url", errors);
                    if (!PagerDutyNotifierOptions.Severities.Contains(pagerDuty.Severity))
                    {
                        errors.Add($"{path}.severity: unknown '{pagerDuty.Severity}' (supported: {string.Join(", ", PagerDutyNotifierOptions.Severities)})");
                    }

                    break;
                case EmailNotifierOptions email:
                    ValidateEmail(email, path, errors);
                    break;
                case WebhookNotifierOptions webhook:
                    CheckHttpUrl(webhook.Url, $"{path}.url", errors);
                    CheckSecretFile(webhook.SecretFile, $"{path}.secret_file", "the HMAC key", errors);
                    if (!WebhookNotifierOptions.Formats.Contains(webhook.Format))
                    {
                        errors.Add($"{path}.format: unknown '{webhook.Format}' (supported: {string.Join(", ", WebhookNotifierOptions.Formats)})");
                    }

                    break;
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void ValidateCommon(NotifierOptions notifier, string path, List<string> errors)
    {
        for (var i = 0; i < notifier.On.Count; i++)
        {
            if (!NotifyOn.All.Contains(notifier.On[i].Trim().ToLowerInvariant()))
            {
                errors.Add($"{path}.on[{i}]: unknown '{notifier.On[i]}' (supported: {string.Join(", ", NotifyOn.All)})");
            }
        }

        if (!string.IsNullOrWhiteSpace(notifier.When))
        {
            try
            {
                WhenExpression.Parse(notifier.When);
            }
            catch (FormatException exception)
            {
                errors.Add($"{path}.when: {exception.Message}");
            }
        }

        CheckTemplate(notifier.Template, $"{path}.template", errors);
        if (notifier is EmailNotifierOptions email)
        {
            CheckTemplate(email.Subject, $"{path}.subject", errors);
        }

        foreach (var (globs, key) in new[] { (notifier.Filter.Pipelines, "pipelines"), (notifier.Filter.Tasks, "tasks") })
        {
            foreach (var (list, which) in new[] { (globs.Allow, "allow"), (globs.Deny, "deny") })
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(list[i]))
                    {
                        errors.Add($"{path}.filter.{key}.{which}[{i}]: empty pattern");
                    }
                }
            }
        }
    }

    private static void ValidateEmail(EmailNotifierOptions email, string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(email.Smtp.Host))
        {
            errors.Add($"{path}.smtp.host: required");
        }

        if (email.Smtp.Port is < 1 or > 65535)
        {
            errors.Add($"{path}.smtp.port: must be between 1 and 65535");
        }

        if (!string.IsNullOrWhiteSpace(email.Smtp.Username))
        {
            CheckSecretFile(email.Smtp.PasswordFile, $"{path}.smtp.password_file", "the SMTP password (required with username)", errors);
        }
        else if (!string.IsNullOrWhiteSpace(email.Smtp.PasswordFile))
        {
            errors.Add($"{path}.smtp.username: required with password_file");
        }

        if (!IsAddress(email.From))
        {
            errors.Add($"{path}.from: '{email.From}' is not an e-mail address");
        }

        if (email.To.Count == 0)
        {
            errors.Add($"{path}.to: at least one recipient");
        }

        for (var i = 0; i < email.To.Count; i++)
        {
            if (!IsAddress(email.To[i]))
            {
                errors.Add($"{path}.to[{i}]: '{email.To[i]}' is not an e-mail address");
            }
        }
    }

    private static bool IsAddress(string value) => !string.IsNullOrWhiteSpace(value) && MailAddress.TryCreate(value.Trim(), out _);

    /// <summary>The file must be named, exist and hold something; its content is never shown.</summary>
    private static void CheckSecretFile(string? file, string path, string what, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(file))
        {
            errors.Add($"{path}: required (a file holding {what})");
            return;
        }

        switch (NotifierSecrets.TryRead(file, out _))
        {
            case NotifierSecrets.ReadProblem.Missing:
                errors.Add($"{path}: '{file}' does not exist");
                break;
            case NotifierSecrets.ReadProblem.Empty:
                errors.Add($"{path}: '{file}' is empty");
                break;
            case NotifierSecrets.ReadProblem.Unreadable:
                errors.Add($"{path}: '{file}' cannot be read");
                break;
        }
    }

    private static void CheckHttpUrl(string value, string path, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add($"{path}: not an absolute http(s) URL");
        }
    }

    private void CheckTemplate(string? template, string path, List<string> errors)
    {
        if (!string.IsNullOrEmpty(template) && templates.Check(template) is { } problem)
        {
            errors.Add($"{path}: not a valid Liquid template: {problem.ReplaceLineEndings(" ")}");
        }
    }
}
