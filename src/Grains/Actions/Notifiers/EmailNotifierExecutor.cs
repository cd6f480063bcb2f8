using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using Relay.Actions;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// <c>notifiers.email[]</c>: one message with a plain-text and an HTML part, submitted with MailKit. SMTP 4xx answers,
/// lost connections and timeouts are transient; 5xx answers and refused credentials are permanent. The Message-ID is
/// stable per (notifier, run, state), so a re-sent message after an unclear submit threads as the same one.
/// </summary>
internal sealed class EmailNotifierExecutor(
    IOptionsMonitor<NotifiersOptions> options, IGrainFactory grains, ILogger<EmailNotifierExecutor> logger)
    : NotifierExecutor<EmailNotifierOptions>(options, grains, logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public override string Provider => NotifierKinds.Email;

    protected override async Task<ActionResult> SendAsync(
        EmailNotifierOptions notifier, NotificationCommand command, NotificationMessage message, CancellationToken cancellationToken)
    {
        var password = "";
        if (!string.IsNullOrWhiteSpace(notifier.Smtp.Username) &&
            !TryReadSecret(notifier.Smtp.PasswordFile, "smtp.password_file", out password, out var failure))
        {
            return failure!;
        }

        using var mime = Message(notifier, command, message);
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        var sent = false;
        try
        {
            var security = notifier.Smtp.StartTls ? SecureSocketOptions.StartTls
                : notifier.Smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.None;
            await client.ConnectAsync(notifier.Smtp.Host, notifier.Smtp.Port, security, cancellationToken);
            if (!string.IsNullOrWhiteSpace(notifier.Smtp.Username))
            {
                await client.AuthenticateAsync(notifier.Smtp.Username, password, cancellationToken);
            }

            await client.SendAsync(mime, cancellationToken);
            sent = true;
            await client.DisconnectAsync(quit: true, cancellationToken);
            return ActionResult.Success();
        }
        catch (SmtpCommandException exception)
        {
            var code = (int)exception.StatusCode;
            return new ActionResult
            {
                Outcome = code >= 500 ? ActionOutcome.PermanentFailure : ActionOutcome.TransientFailure,
                StatusCode = code,
                Error = $"SMTP {code}: {NotificationText.Shorten(exception.Message, 200)}",
            };
        }
        catch (AuthenticationException)
        {
            return Permanent("SMTP authentication failed (smtp.username / smtp.password_file)");
        }
        catch (Exception exception) when (sent && exception is IOException or SocketException or ServiceNotConnectedException or SmtpProtocolException)
        {
            // The message was accepted; only the goodbye failed.
            return ActionResult.Success();
        }
        catch (Exception exception) when (exception is IOException or SocketException or ServiceNotConnectedException
                                              or SmtpProtocolException or SslHandshakeException or TimeoutException)
        {
            return new ActionResult { Outcome = ActionOutcome.TransientFailure, Ambiguous = true, Error = $"SMTP: {exception.GetType().Name}" };
        }
        catch (NotSupportedException exception)
        {
            return Permanent($"SMTP: {exception.Message}");
        }
    }

    /// <summary>The message: subject, a text and an HTML part, a stable Message-ID.</summary>
    internal static MimeMessage Message(EmailNotifierOptions notifier, NotificationCommand c, NotificationMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(notifier.From.Trim()));
        foreach (var to in notifier.To)
        {
            mime.To.Add(MailboxAddress.Parse(to.Trim()));
        }

        mime.Subject = c.Subject ?? $"[relay] {NotificationText.Title(c, message)} in {c.Namespace}";
        var domain = MailboxAddress.Parse(notifier.From.Trim()).Domain;
        mime.MessageId = $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{c.Kind}/{c.Notifier}|{c.RunId}|{c.Task}|{c.State}")).AsSpan(0, 16))}.relay@{domain}";
        mime.Body = new BodyBuilder { TextBody = NotificationText.PlainText(c, message), HtmlBody = Html(c, message) }.ToMessageBody();
        return mime;
    }

    /// <summary>A small HTML rendering: coloured title, a facts table, the failed tasks, a dashboard link.</summary>
    internal static string Html(NotificationCommand c, NotificationMessage message)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.Append($"<h2 style=\"color:#{NotificationText.Colour(c.State, message)}\">{E(NotificationText.Emoji(c.State, message))} {E(NotificationText.Title(c, message))}</h2>");
        if ((c.Text ?? NotificationText.Detail(c)) is { Length: > 0 } text)
        {
            html.Append($"<p style=\"white-space:pre-wrap\">{E(text)}</p>");
        }

        html.Append("<table cellpadding=\"4\" style=\"border-collapse:collapse\">");
        foreach (var (name, value) in NotificationText.Facts(c, message))
        {
            html.Append($"<tr><th align=\"left\">{E(name)}</th><td>{E(value)}</td></tr>");
        }

        html.Append("</table>");
        var failed = NotificationText.FailedTaskLines(c);
        if (failed.Count > 0)
        {
            html.Append("<h3>Failed tasks</h3><ul>");
            foreach (var line in failed)
            {
                html.Append($"<li>{E(line)}</li>");
            }

            html.Append("</ul>");
        }

        if (c.DashboardUrl is { } link)
        {
            html.Append($"<p><a href=\"{E(link)}\">Open in Tekton Dashboard</a></p>");
        }

        return html.Append("</body></html>").ToString();
    }
}
