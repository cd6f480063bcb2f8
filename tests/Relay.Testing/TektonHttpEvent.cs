using System.Net.Http.Headers;
using System.Text;

namespace Relay.Testing;

/// <summary>One HTTP request as Tekton's events controller sends it: <c>Ce-*</c> headers and a JSON body.</summary>
public sealed record TektonHttpEvent(string Name, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Id => Headers["ce-id"];

    public string Type => Headers["ce-type"];

    /// <summary>A fresh request for <paramref name="url"/> (binary mode), as Tekton would POST it.</summary>
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

    /// <summary>The same event re-emitted by Tekton with a new <c>ce-id</c> (controller restart, cache expiry).</summary>
    public TektonHttpEvent Reemitted() => this with
    {
        Headers = new Dictionary<string, string>(Headers) { ["ce-id"] = Guid.NewGuid().ToString() },
    };

    public override string ToString() => $"{Name} ({Type}, {Id}, {Encoding.UTF8.GetByteCount(Encoding.UTF8.GetString(Body))} bytes)";
}
