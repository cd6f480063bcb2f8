using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Relay.Testing;

/// <summary>One request a fake notification service received.</summary>
public sealed record NotifierRequest(string Service, string Path, JsonNode? Body, string RawBody, IReadOnlyDictionary<string, string> Headers, int StatusCode)
{
    /// <summary>True when the fake answered with an injected fault (or refused a malformed request).</summary>
    public bool Failed => StatusCode >= 300;
}

/// <summary>
/// The notification services Relay posts to, on one real HTTP server on 127.0.0.1, each under its own path:
/// <c>/slack/…</c> (incoming webhook, Block Kit), <c>/teams/…</c> (Workflows webhook, Adaptive Card), <c>/discord/…</c>
/// (webhook, embeds), <c>/chat/…</c> (Google Chat, cards v2), <c>/pagerduty/v2/enqueue</c> (Events API v2) and
/// <c>/hook/…</c> (a receiver that checks <c>X-Relay-Signature-256</c>). Each refuses a body its service would refuse
/// (400; 401 for a bad signature), answers like the service otherwise, records every request, and can be told to fail.
/// </summary>
public sealed class FakeNotifierServices : IAsyncDisposable
{
    public const string SignatureHeader = "X-Relay-Signature-256";
    public const string TimestampHeader = "X-Relay-Timestamp";

    private readonly ConcurrentQueue<NotifierRequest> _requests = new();
    private readonly ConcurrentQueue<(string Service, int Status, IReadOnlyDictionary<string, string> Headers)> _faults = new();
    private WebApplication? _app;

    private FakeNotifierServices(string routingKey, string webhookSecret)
    {
        RoutingKey = routingKey;
        WebhookSecret = webhookSecret;
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The PagerDuty routing key the fake accepts.</summary>
    public string RoutingKey { get; }

    /// <summary>The HMAC key the signed-webhook receiver checks with.</summary>
    public string WebhookSecret { get; }

    public IReadOnlyList<NotifierRequest> Requests => _requests.ToArray();

    /// <summary>Accepted requests of <paramref name="service"/> (<c>slack</c>, <c>teams</c>, <c>discord</c>, <c>chat</c>, <c>pagerduty</c>, <c>hook</c>).</summary>
    public IReadOnlyList<NotifierRequest> Delivered(string service) =>
        _requests.Where(r => r.Service == service && !r.Failed).ToArray();

    public static async Task<FakeNotifierServices> StartAsync(string routingKey = "R0UT1NGKEY0123456789abcdefghijkl", string webhookSecret = "hook-secret")
    {
        var server = new FakeNotifierServices(routingKey, webhookSecret);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>The next <paramref name="count"/> requests to <paramref name="service"/> are answered <paramref name="status"/>.</summary>
    public void FailNext(string service, int count, int status, IReadOnlyDictionary<string, string>? headers = null)
    {
        for (var i = 0; i < count; i++)
        {
            _faults.Enqueue((service, status, headers ?? new Dictionary<string, string>()));
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var service = path.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync();
        JsonNode? body = null;
        try
        {
            body = JsonNode.Parse(raw);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var (status, answer) = Answer(service, path, body, raw, headers);
        if (status < 300 && TakeFault(service) is { } fault)
        {
            (status, answer) = (fault.Status, "{\"message\":\"injected fault\"}");
            foreach (var (name, value) in fault.Headers)
            {
                context.Response.Headers[name] = value;
            }
        }

        _requests.Enqueue(new NotifierRequest(service, path, body, raw, headers, status));
        context.Response.StatusCode = status;
        if (answer.Length > 0)
        {
            context.Response.ContentType = answer.StartsWith('{') ? "application/json" : "text/plain";
            await context.Response.WriteAsync(answer);
        }
    }

    private (string Service, int Status, IReadOnlyDictionary<string, string> Headers)? TakeFault(string service)
    {
        // Faults for other services stay queued in order.
        var all = new List<(string, int, IReadOnlyDictionary<string, string>)>();
        (string Service, int Status, IReadOnlyDictionary<string, string> Headers)? taken = null;
        lock (_faults)
        {
            while (_faults.TryDequeue(out var f))
            {
                if (taken is null && f.Service == service)
                {
                    taken = f;
                }
                else
                {
                    all.Add(f);
                }
            }

            foreach (var f in all)
            {
                _faults.Enqueue(f);
            }
        }

        return taken;
    }

    private (int Status, string Answer) Answer(string service, string path, JsonNode? body, string raw, IReadOnlyDictionary<string, string> headers) => service switch
    {
        "slack" => body?["blocks"] is JsonArray { Count: > 0 } blocks && blocks.All(b => b?["type"] is not null) && body["text"] is not null
            ? (200, "ok")
            : (400, "invalid_blocks"),
        "teams" => body?["type"]?.GetValue<string>() == "message"
                   && body["attachments"]?[0]?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive"
                   && body["attachments"]?[0]?["content"]?["type"]?.GetValue<string>() == "AdaptiveCard"
            ? (202, "")
            : (400, "{\"error\":\"not an Adaptive Card message\"}"),
        "discord" => body?["embeds"] is JsonArray { Count: > 0 and <= 10 } embeds && embeds.All(e => e?["title"] is not null)
            ? (204, "")
            : (400, "{\"message\":\"Cannot send an empty message\",\"code\":50006}"),
        "chat" => body?["cardsV2"]?[0]?["card"]?["sections"] is JsonArray { Count: > 0 }
            ? (200, "{\"name\":\"spaces/AAA/messages/1\"}")
            : (400, "{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload\"}}"),
        "pagerduty" when path == "/pagerduty/v2/enqueue" => PagerDuty(body),
        "hook" => Signed(raw, headers) ? (200, "") : (401, "bad signature"),
        _ => (404, ""),
    };

    private (int, string) PagerDuty(JsonNode? body)
    {
        var action = body?["event_action"]?.GetValue<string>();
        var valid = body?["routing_key"]?.GetValue<string>() == RoutingKey
                    && body["dedup_key"]?.GetValue<string>() is { Length: > 0 and <= 255 }
                    && (action == "resolve"
                        || (action == "trigger"
                            && body["payload"]?["summary"]?.GetValue<string>() is { Length: > 0 and <= 1024 }
                            && body["payload"]?["source"]?.GetValue<string>() is { Length: > 0 }
                            && body["payload"]?["severity"]?.GetValue<string>() is "critical" or "error" or "warning" or "info"));
        return valid
            ? (202, $"{{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"{body!["dedup_key"]}\"}}")
            : (400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\"}");
    }

    /// <summary>The intake's scheme: <c>sha256=hex(HMAC-SHA256(secret, "timestamp.body"))</c>, timestamp within 5 minutes.</summary>
    private bool Signed(string raw, IReadOnlyDictionary<string, string> headers)
    {
        if (!headers.TryGetValue(TimestampHeader, out var timestamp) || !headers.TryGetValue(SignatureHeader, out var signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes($"{timestamp}.{raw}")));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
