using System.Text.Json.Serialization;
using Relay.Events;

namespace Relay.Receiver.Intake;

/// <summary>The JSON body of every intake answer: the outcome, and for refusals a message saying why.</summary>
public sealed record IntakeResponse
{
    [JsonIgnore]
    public IntakeOutcome Outcome { get; init; }

    [JsonPropertyName("outcome")]
    public string OutcomeName => Outcome.ToTag();

    [JsonPropertyName("message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    [JsonPropertyName("event_key")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EventKey { get; init; }

    [JsonPropertyName("run")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Run { get; init; }

    public static IntakeResponse Of(IntakeOutcome outcome, string? message, RelayEvent? relayEvent = null) => new()
    {
        Outcome = outcome,
        Message = message,
        EventKey = relayEvent?.EventKey,
        Run = relayEvent?.RunKey,
    };
}
