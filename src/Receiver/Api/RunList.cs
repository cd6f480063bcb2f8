using System.Text.Json.Serialization;

namespace Relay.Receiver.Api;

/// <summary>A page of <c>GET /api/v1/runs</c>; <c>next_cursor</c> is null on the last page.</summary>
public sealed record RunList(
    [property: JsonPropertyName("items")] IReadOnlyList<RunListItem> Items,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);
