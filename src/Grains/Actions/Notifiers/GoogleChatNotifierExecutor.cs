using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Relay.Grains.Actions.Notifiers;

/// <summary><c>notifiers.google_chat[]</c>: a card (cards v2) with the facts, the failed tasks and a dashboard button.</summary>
internal sealed class GoogleChatNotifierExecutor(
    IOptionsMonitor<NotifiersOptions> options, IGrainFactory grains, NotifierHttp http, ILogger<GoogleChatNotifierExecutor> logger)
    : ChatNotifierExecutor(options, grains, http, logger)
{
    public override string Provider => NotifierKinds.GoogleChat;

    public override JsonObject Payload(NotificationCommand c, NotificationMessage message)
    {
        var facts = new JsonArray();
        if ((c.Text ?? NotificationText.Detail(c)) is { Length: > 0 } text)
        {
            facts.Add(new JsonObject { ["textParagraph"] = new JsonObject { ["text"] = Escape(text) } });
        }

        foreach (var (name, value) in NotificationText.Facts(c, message))
        {
            facts.Add(new JsonObject { ["decoratedText"] = new JsonObject { ["topLabel"] = name, ["text"] = Escape(value) } });
        }

        var sections = new JsonArray(new JsonObject { ["widgets"] = facts });
        var failed = NotificationText.FailedTaskLines(c);
        if (failed.Count > 0)
        {
            sections.Add(new JsonObject
            {
                ["header"] = "Failed tasks",
                ["widgets"] = new JsonArray(new JsonObject
                {
                    ["textParagraph"] = new JsonObject { ["text"] = string.Join("<br>", failed.Select(l => "• " + Escape(l))) },
                }),
            });
        }

        if (c.DashboardUrl is { } link)
        {
            sections.Add(new JsonObject
            {
                ["widgets"] = new JsonArray(new JsonObject
                {
                    ["buttonList"] = new JsonObject
                    {
                        ["buttons"] = new JsonArray(new JsonObject
                        {
                            ["text"] = "Open in Tekton Dashboard",
                            ["onClick"] = new JsonObject { ["openLink"] = new JsonObject { ["url"] = link } },
                        }),
                    },
                }),
            });
        }

        return new JsonObject
        {
            ["text"] = $"{NotificationText.Emoji(c.State, message)} {NotificationText.Title(c, message)}",
            ["cardsV2"] = new JsonArray(new JsonObject
            {
                ["cardId"] = "relay-run",
                ["card"] = new JsonObject
                {
                    ["header"] = new JsonObject
                    {
                        ["title"] = $"{NotificationText.Emoji(c.State, message)} {NotificationText.Title(c, message)}",
                        ["subtitle"] = $"{c.Namespace}/{c.Name}",
                    },
                    ["sections"] = sections,
                },
            }),
        };
    }

    /// <summary>Google Chat card text is HTML-ish: escape what would be markup.</summary>
    private static string Escape(string text) => System.Net.WebUtility.HtmlEncode(text);
}
