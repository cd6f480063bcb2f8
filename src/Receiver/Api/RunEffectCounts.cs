using System.Text.Json.Serialization;

namespace Relay.Receiver.Api;

/// <summary>How many of a run's ledger rows are delivered, pending and dead-lettered.</summary>
public sealed record RunEffectCounts(
    [property: JsonPropertyName("delivered")] int Delivered,
    [property: JsonPropertyName("pending")] int Pending,
    [property: JsonPropertyName("dead_lettered")] int DeadLettered);
