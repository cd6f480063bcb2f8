using System.Text.Json.Serialization;

namespace Relay.Receiver.Api;

/// <summary>The JSON body of an API refusal: what is wrong and, for a bad query, which parameter.</summary>
public sealed record ApiError
{
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("parameter")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ParameterName { get; init; }

    public static ApiError Of(string message) => new() { Message = message };

    public static ApiError Parameter(string name, string message) => new() { Message = message, ParameterName = name };
}
