using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Relay.Grains.Actions.Notifiers;

/// <summary><c>notifiers.discord[]</c>: one embed, coloured by state, mentions disabled.</summary>
internal sealed class DiscordNotifierExecutor(
    IOptionsMonitor<NotifiersOptions> options, IGrainFactory grains, NotifierHttp http, ILogger<DiscordNotifierExecutor> logger)
    : ChatNotifierExecutor(options, grains, http, logger)
{
    public override string Provider => NotifierKinds.Discord;

    public override JsonObject Payload(NotificationCommand c, NotificationMessage message)
    {
        var fields = new JsonArray();
        foreach (var (name, value) in NotificationText.Facts(c, message))
        {
            fields.Add(new JsonObject { ["name"] = name, ["value"] = value, ["inline"] = true });
        }

        var failed = NotificationText.FailedTaskLines(c);
        if (failed.Count > 0)
        {
            fields.Add(new JsonObject
            {
                ["name"] = "Failed tasks",
                ["value"] = NotificationText.Shorten(string.Join("\n", failed.Select(l => "• " + l)), 1024),
                ["inline"] = false,
            });
        }

        var embed = new JsonObject
        {
            ["title"] = NotificationText.Shorten($"{NotificationText.Emoji(c.State, message)} {NotificationText.Title(c, message)}", 256),
            ["color"] = int.Parse(NotificationText.Colour(c.State, message), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
            ["fields"] = fields,
            ["footer"] = new JsonObject { ["text"] = "Relay" },
        };
        if ((c.Text ?? NotificationText.Detail(c)) is { Length: > 0 } text)
        {
            embed["description"] = NotificationText.Shorten(text, 4096);
        }

        if (c.DashboardUrl is { } link)
        {
            embed["url"] = link;
        }

        if (c.CompletedAt is { } completed)
        {
            embed["timestamp"] = completed.ToString("O", CultureInfo.InvariantCulture);
        }

        return new JsonObject
        {
            ["username"] = "Relay",
            ["embeds"] = new JsonArray(embed),
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        };
    }
}
