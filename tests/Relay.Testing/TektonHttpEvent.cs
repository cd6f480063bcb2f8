using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Relay.Testing;

/// <summary>
/// One HTTP request as Tekton's events controller sends it: binary mode (<c>Ce-*</c> headers, the run as the JSON body)
/// or structured mode (<c>application/cloudevents+json</c>: the whole CloudEvent, the run under <c>data</c>).
/// </summary>
public sealed record TektonHttpEvent(string Name, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>True when the body is a whole CloudEvent (structured content mode).</summary>
    public bool IsStructured =>
        Headers.TryGetValue("content-type", out var type) && type.StartsWith("application/cloudevents+json", StringComparison.OrdinalIgnoreCase);

    public string Id => Attribute("id");

    public string Type => Attribute("type");

    public string Source => Attribute("source");

    /// <summary>The Tekton payload (<c>{"pipelineRun": …}</c>, …) whatever the content mode.</summary>
    public byte[] Data => IsStructured ? JsonSerializer.SerializeToUtf8Bytes(Envelope()["data"]) : Body;

    /// <summary>A fresh request for <paramref name="url"/>, as Tekton would POST it.</summary>
    public HttpRequestMessage ToRequest(Uri url)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(Body) };
        foreach (var (name, value) in Headers)
        {
            if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else if (!name.Equals("connection", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>The same event re-emitted by Tekton with a new id (controller restart, cache expiry).</summary>
    public TektonHttpEvent Reemitted()
    {
        var id = Guid.NewGuid().ToString();
        if (!IsStructured)
        {
            return this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { ["ce-id"] = id } };
        }

        var envelope = Envelope();
        envelope["id"] = id;
        return this with { Body = JsonSerializer.SerializeToUtf8Bytes(envelope) };
    }

    public override string ToString() => $"{Name} ({Type}, {Id}, {Body.Length} bytes{(IsStructured ? ", structured" : "")})";

    private string Attribute(string name) =>
        IsStructured ? Envelope()[name]!.GetValue<string>() : Headers["ce-" + name];

    private JsonObject Envelope() => JsonNode.Parse(Body)!.AsObject();
}
