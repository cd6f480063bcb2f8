using Relay.Events;

namespace Relay.Receiver.Tekton;

/// <summary>What the decoder made of a CloudEvent.</summary>
internal enum DecodeStatus
{
    /// <summary>A Tekton run event, decoded.</summary>
    Decoded,

    /// <summary>Valid, but not an event type Relay handles (Triggers, old <c>run.*</c>, foreign types): 200, counted.</summary>
    Unsupported,

    /// <summary>Claims to be a Tekton event but the body is not one: 400.</summary>
    Invalid,
}

/// <summary>The decoder's answer: an event, or the reason there is none.</summary>
internal sealed record DecodeResult(DecodeStatus Status, RelayEvent? Event, string? Message)
{
    /// <summary>
    /// The run is managed by Pipelines-as-Code (its labels say so) and carries no relay annotation: PaC reports it
    /// itself, so <c>filter.skip_pipelines_as_code</c> can leave it alone.
    /// </summary>
    public bool ManagedByPipelinesAsCode { get; init; }

    public static DecodeResult Decoded(RelayEvent relayEvent) => new(DecodeStatus.Decoded, relayEvent, null);

    public static DecodeResult Unsupported(string message) => new(DecodeStatus.Unsupported, null, message);

    public static DecodeResult Invalid(string message) => new(DecodeStatus.Invalid, null, message);
}
