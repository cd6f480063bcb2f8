using System.Net;
using System.Text.Json;

namespace Relay.Silo.Cli;

/// <summary>One answer of Relay's HTTP API: status, the JSON body when there is one, and the Location header.</summary>
internal sealed record ApiAnswer(HttpStatusCode Status, JsonElement? Body, Uri? Location)
{
    public bool Succeeded => (int)Status is >= 200 and < 300;

    /// <summary>The API's own words for a refusal (<c>{"message": …}</c>, or a bare JSON string), else the status.</summary>
    public string Message => Body switch
    {
        { ValueKind: JsonValueKind.Object } body when body.TryGetProperty("message", out var message) => message.GetString() ?? Status.ToString(),
        { ValueKind: JsonValueKind.String } body => body.GetString() ?? Status.ToString(),
        _ => $"{(int)Status} {Status}",
    };
}
