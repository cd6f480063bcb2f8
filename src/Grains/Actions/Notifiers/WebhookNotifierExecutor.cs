using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Mime;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Relay.Actions;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>
/// <c>notifiers.webhook[]</c>: a POST signed the way Relay's intake verifies (<c>X-Relay-Signature-256: sha256=&lt;hex
/// HMAC-SHA256 over "&lt;timestamp&gt;.&lt;body&gt;"&gt;</c>, <c>X-Relay-Timestamp</c> in unix seconds). The body is a
/// structured CloudEvent <c>dev.relay.run.&lt;state&gt;.v1</c> (CloudEvents SDK) or the plain <see cref="RunNotification"/>.
/// </summary>
internal sealed class WebhookNotifierExecutor(
    IOptionsMonitor<NotifiersOptions> options,
    IGrainFactory grains,
    NotifierHttp http,
    TimeProvider time,
    ILogger<WebhookNotifierExecutor> logger)
    : NotifierExecutor<WebhookNotifierOptions>(options, grains, logger)
{
    public const string SignatureHeader = "X-Relay-Signature-256";
    public const string TimestampHeader = "X-Relay-Timestamp";

    public override string Provider => NotifierKinds.Webhook;

    protected override async Task<ActionResult> SendAsync(
        WebhookNotifierOptions notifier, NotificationCommand command, NotificationMessage message, CancellationToken cancellationToken)
    {
        if (!TryReadSecret(notifier.SecretFile, "secret_file", out var secret, out var failure))
        {
            return failure!;
        }

        var (body, contentType) = Body(notifier, command, message);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(notifier.Url))
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp);
        request.Headers.TryAddWithoutValidation(SignatureHeader, "sha256=" + Sign(Encoding.UTF8.GetBytes(secret), timestamp, body));
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Lower-case hex HMAC-SHA256 of <c>"{timestamp}.{body}"</c>: the intake's scheme.</summary>
    public static string Sign(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, signed));
    }

    /// <summary>The body and its content type.</summary>
    internal static (byte[] Body, string ContentType) Body(WebhookNotifierOptions notifier, NotificationCommand c, NotificationMessage message)
    {
        var notification = Notification(c, message);
        if (notifier.Format == "json")
        {
            return (JsonSerializer.SerializeToUtf8Bytes(notification, NotifierJson.Default.RunNotification), MediaTypeNames.Application.Json);
        }

        var cloudEvent = new CloudEvent
        {
            Id = notification.Id,
            Source = new Uri($"/relay/{Uri.EscapeDataString(c.Namespace)}/{Uri.EscapeDataString(c.Name)}", UriKind.Relative),
            Type = notification.Type,
            Subject = c.Task is null ? c.RunKey : $"{c.RunKey}/{c.Task}",
            Time = c.CompletedAt ?? c.StartedAt,
            DataContentType = MediaTypeNames.Application.Json,
            Data = JsonSerializer.SerializeToElement(notification, NotifierJson.Default.RunNotification),
        };
        var encoded = new JsonEventFormatter().EncodeStructuredModeMessage(cloudEvent, out var contentType);
        return (encoded.ToArray(), contentType.ToString());
    }

    internal static RunNotification Notification(NotificationCommand c, NotificationMessage message) => new()
    {
        Id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{c.Kind}/{c.Notifier}|{c.RunId}|{c.Task}|{c.State}")).AsSpan(0, 16)),
        Type = $"dev.relay.run.{c.State}.v1",
        Notifier = c.Notifier,
        State = c.State,
        Fixed = message == NotificationMessage.Fixed,
        Pipeline = c.Pipeline,
        Namespace = c.Namespace,
        Name = c.Name,
        Kind = c.RunKind,
        Task = c.Task,
        Reason = c.Reason,
        Message = c.Message,
        Duration = c.Duration,
        StartedAt = c.StartedAt,
        CompletedAt = c.CompletedAt,
        Repository = c.Repository,
        Sha = c.Sha,
        PullRequest = c.PullRequest,
        DashboardUrl = c.DashboardUrl,
        FailedTasks = c.FailedTasks,
        Text = c.Text,
    };
}
