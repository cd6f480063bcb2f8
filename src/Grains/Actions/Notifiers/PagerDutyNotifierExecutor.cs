using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Actions;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// <c>notifiers.pagerduty[]</c>: Events API v2. A failure (or error) triggers with a dedup key stable for (repository,
/// pipeline, branch or PR), so repeated failures update one incident; the next success resolves it with the same key.
/// 429 waits for <c>Retry-After</c> (or a few seconds) without counting as an attempt.
/// </summary>
internal sealed class PagerDutyNotifierExecutor(
    IOptionsMonitor<NotifiersOptions> options, IGrainFactory grains, NotifierHttp http, ILogger<PagerDutyNotifierExecutor> logger)
    : NotifierExecutor<PagerDutyNotifierOptions>(options, grains, logger)
{
    public override string Provider => NotifierKinds.PagerDuty;

    protected override async Task<ActionResult> SendAsync(
        PagerDutyNotifierOptions notifier, NotificationCommand command, NotificationMessage message, CancellationToken cancellationToken)
    {
        if (!TryReadSecret(notifier.RoutingKeyFile, "routing_key_file", out var routingKey, out var failure))
        {
            return failure!;
        }

        var body = JsonSerializer.Serialize(Event(notifier, command, message, routingKey), NotifierJson.Default.PagerDutyEvent);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(notifier.BaseUrl.TrimEnd('/') + "/v2/enqueue"))
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>The event for <paramref name="message"/> (<see cref="NotificationMessage.Trigger"/> or <see cref="NotificationMessage.Resolve"/>).</summary>
    internal static PagerDutyEvent Event(PagerDutyNotifierOptions notifier, NotificationCommand c, NotificationMessage message, string routingKey)
    {
        var links = c.DashboardUrl is { } link ? new[] { new PagerDutyLink(link, "Tekton Dashboard") } : null;
        if (message == NotificationMessage.Resolve)
        {
            return new PagerDutyEvent { RoutingKey = routingKey, EventAction = "resolve", DedupKey = c.DedupKey };
        }

        var details = NotificationText.Facts(c, message).ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        var failed = NotificationText.FailedTaskLines(c);
        if (failed.Count > 0)
        {
            details["Failed tasks"] = string.Join("\n", failed);
        }

        if (NotificationText.Detail(c) is { } detail)
        {
            details["Message"] = detail;
        }

        return new PagerDutyEvent
        {
            RoutingKey = routingKey,
            EventAction = "trigger",
            DedupKey = c.DedupKey,
            Client = "Relay",
            ClientUrl = c.DashboardUrl,
            Links = links,
            Payload = new PagerDutyPayload
            {
                Summary = NotificationText.Shorten(c.Text ?? $"{NotificationText.Title(c, message)} ({c.Repository ?? c.Namespace})", 1024),
                Source = c.Repository ?? $"{c.Namespace}/{c.Pipeline}",
                Severity = notifier.Severity,
                Timestamp = c.CompletedAt,
                Component = c.Pipeline,
                Group = c.Namespace,
                Class = c.RunKind,
                CustomDetails = details,
            },
        };
    }
}
