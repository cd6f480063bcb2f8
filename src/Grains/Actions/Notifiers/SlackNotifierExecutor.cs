using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Relay.Grains.Actions.Notifiers;

/// <summary><c>notifiers.slack[]</c>: a Block Kit message to an incoming webhook.</summary>
internal sealed class SlackNotifierExecutor(
    IOptionsMonitor<NotifiersOptions> options, IGrainFactory grains, NotifierHttp http, ILogger<SlackNotifierExecutor> logger)
    : ChatNotifierExecutor(options, grains, http, logger)
{
    public override string Provider => NotifierKinds.Slack;

    /// <summary>Header, the template's text or the run's message, up to ten fields, the failed tasks, a dashboard button.</summary>
    public override JsonObject Payload(NotificationCommand c, NotificationMessage message)
    {
        var title = $"{NotificationText.Emoji(c.State, message)} {NotificationText.Title(c, message)}";
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(NotificationText.Shorten(title, 150)) },
        };
        if ((c.Text ?? NotificationText.Detail(c)) is { Length: > 0 } text)
        {
            blocks.Add(Section(NotificationText.Shorten(text, 3000)));
        }

        var fields = new JsonArray();
        foreach (var (name, value) in NotificationText.Facts(c, message).Take(10))
        {
            fields.Add(Markdown($"*{name}*\n{Escape(value)}"));
        }

        blocks.Add(new JsonObject { ["type"] = "section", ["fields"] = fields });
        var failed = NotificationText.FailedTaskLines(c);
        if (failed.Count > 0)
        {
            blocks.Add(Section(NotificationText.Shorten("*Failed tasks*\n" + string.Join("\n", failed.Select(l => "• " + Escape(l))), 3000)));
        }

        if (c.DashboardUrl is { } link)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "button",
                    ["text"] = PlainText("Open in Tekton Dashboard"),
                    ["url"] = link,
                }),
            });
        }

        return new JsonObject { ["text"] = title, ["blocks"] = blocks };
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    private static JsonObject Section(string markdown) => new() { ["type"] = "section", ["text"] = Markdown(markdown) };

    /// <summary>Slack's three control characters.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
