using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.Extensions.Primitives;
using Relay.Receiver.Tekton;

namespace Relay.Receiver.Intake;

/// <summary>
/// Reads a CloudEvent from an HTTP request with the CloudEvents SDK: binary mode (<c>ce-*</c> headers, JSON
/// body, what Tekton sends) and structured mode (<c>application/cloudevents+json</c>). Batches are refused.
/// </summary>
internal static class CloudEventReader
{
    private const string HeaderPrefix = "ce-";
    private static readonly JsonEventFormatter Formatter = new();
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary>Returns the event, or a message saying why the request is not a usable CloudEvent.</summary>
    public static (TektonCloudEvent? Event, string? Error) Read(IHeaderDictionary headers, string? contentType, ReadOnlyMemory<byte> body)
    {
        // RFC 8259 lets a parser ignore a UTF-8 byte order mark; System.Text.Json would refuse it.
        if (body.Span.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        try
        {
            var cloudEvent = IsStructured(contentType, out var batch)
                ? ReadStructured(contentType!, body)
                : batch ? throw new FormatException("batched CloudEvents are not supported: send one event per request")
                : ReadBinary(headers, contentType, body);
            cloudEvent.Validate();
            return (ToTekton(cloudEvent), null);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or JsonException or InvalidOperationException or NotSupportedException)
        {
            return (null, exception.Message);
        }
    }

    private static bool IsStructured(string? contentType, out bool batch)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim() ?? "";
        batch = mediaType.Equals("application/cloudevents-batch+json", StringComparison.OrdinalIgnoreCase);
        return mediaType.StartsWith("application/cloudevents", StringComparison.OrdinalIgnoreCase) && !batch;
    }

    private static CloudEvent ReadStructured(string contentType, ReadOnlyMemory<byte> body) =>
        Formatter.DecodeStructuredModeMessage(body, new ContentType(contentType), extensionAttributes: null);

    private static CloudEvent ReadBinary(IHeaderDictionary headers, string? contentType, ReadOnlyMemory<byte> body)
    {
        var specVersionId = Single(headers, "ce-specversion")
            ?? throw new FormatException("not a CloudEvent: the ce-specversion header is missing (binary mode) and the content type is not application/cloudevents+json");
        var specVersion = CloudEventsSpecVersion.FromVersionId(specVersionId)
            ?? throw new FormatException($"unsupported CloudEvents spec version '{specVersionId}'");
        var cloudEvent = new CloudEvent(specVersion);
        foreach (var (name, _) in headers)
        {
            if (!name.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var attribute = name[HeaderPrefix.Length..].ToLowerInvariant();
            if (attribute == "specversion")
            {
                continue;
            }

            cloudEvent.SetAttributeFromString(attribute, Single(headers, name)!);
        }

        if (contentType is not null)
        {
            var mediaType = contentType.Split(';', 2)[0].Trim();
            if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                && !mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
                && !mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"content type '{contentType}' is not JSON: Tekton events carry application/json");
            }

            cloudEvent.DataContentType = contentType;
        }

        if (body.IsEmpty)
        {
            throw new FormatException("the request has no body: a Tekton event carries its run as JSON");
        }

        Formatter.DecodeBinaryModeEventData(body, cloudEvent);
        return cloudEvent;
    }

    /// <summary>A CE header given twice is ambiguous (and a sign of header injection): refuse it.</summary>
    private static string? Single(IHeaderDictionary headers, string name)
    {
        if (!headers.TryGetValue(name, out StringValues values) || values.Count == 0)
        {
            return null;
        }

        return values.Count == 1 ? values[0] : throw new FormatException($"header '{name}' appears more than once");
    }

    private static TektonCloudEvent ToTekton(CloudEvent cloudEvent)
    {
        var data = cloudEvent.Data switch
        {
            JsonElement element => element,
            byte[] bytes => JsonDocument.Parse(bytes).RootElement,
            string text => JsonDocument.Parse(text).RootElement,
            null => throw new FormatException("the event has no data: a Tekton event carries its run as JSON"),
            _ => throw new FormatException("the event data is not JSON"),
        };
        return new TektonCloudEvent(cloudEvent.Id!, cloudEvent.Source!.ToString(), cloudEvent.Type!, cloudEvent.Time, data);
    }
}
