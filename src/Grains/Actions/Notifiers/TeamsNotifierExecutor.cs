using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Relay.Grains.Actions.Notifiers;

/// <summary><c>notifiers.teams[]</c>: an Adaptive Card in the message body a Teams Workflows webhook takes.</summary>
internal sealed class TeamsNotifierExecutor(
    IOptionsMonitor<NotifiersOptions> options, IGrainFactory grains, NotifierHttp http, ILogger<TeamsNotifierExecutor> logger)
    : ChatNotifierExecutor(options, grains, http, logger)
{
    public override string Provider => NotifierKinds.Teams;

    public override JsonObject Payload(NotificationCommand c, NotificationMessage message)
    {
        var colour = message == NotificationMessage.Fixed || c.State == "success" ? "Good" : c.State == "failure" ? "Attention" : "Warning";
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["size"] = "Large",
                ["weight"] = "Bolder",
                ["color"] = colour,
                ["wrap"] = true,
                ["text"] = $"{NotificationText.Emoji(c.State, message)} {NotificationText.Title(c, message)}",
            },
        };
        if ((c.Text ?? NotificationText.Detail(c)) is { Length: > 0 } text)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["text"] = text });
        }

        var facts = new JsonArray();
        foreach (var (name, value) in NotificationText.Facts(c, message))
        {
            facts.Add(new JsonObject { ["title"] = name, ["value"] = value });
        }

        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        var failed = NotificationText.FailedTaskLines(c);
        if (failed.Count > 0)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["weight"] = "Bolder", ["text"] = "Failed tasks", ["spacing"] = "Medium" });
            body.Add(new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["text"] = string.Join("\n", failed.Select(l => "- " + l)) });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = body,
        };
        if (c.DashboardUrl is { } link)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open in Tekton Dashboard", ["url"] = link });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        };
    }
}
