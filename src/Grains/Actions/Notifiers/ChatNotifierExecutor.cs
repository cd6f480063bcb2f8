using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Actions;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// The chat kinds' delivery: POST the kind's JSON body (<see cref="Payload"/>) to the webhook URL read from
/// <c>webhook_url_file</c>. The URL is a secret: it is never logged and never part of an error.
/// </summary>
internal abstract class ChatNotifierExecutor(
    IOptionsMonitor<NotifiersOptions> options,
    IGrainFactory grains,
    NotifierHttp http,
    ILogger logger) : NotifierExecutor<ChatNotifierOptions>(options, grains, logger)
{
    /// <summary>The service's message body for <paramref name="command"/>.</summary>
    public abstract JsonObject Payload(NotificationCommand command, NotificationMessage message);

    protected override async Task<ActionResult> SendAsync(
        ChatNotifierOptions notifier, NotificationCommand command, NotificationMessage message, CancellationToken cancellationToken)
    {
        if (!TryReadSecret(notifier.WebhookUrlFile, "webhook_url_file", out var url, out var failure))
        {
            return failure!;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Permanent($"webhook_url_file '{notifier.WebhookUrlFile}' does not hold an absolute http(s) URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(Payload(command, message).ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        return await http.SendAsync(request, cancellationToken);
    }
}
