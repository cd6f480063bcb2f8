using System.Text.Json.Serialization;

namespace Relay.Grains.Actions.Notifiers;

/// <summary>An Events API v2 event (<c>POST /v2/enqueue</c>): only the fields Relay sends.</summary>
internal sealed record PagerDutyEvent
{
    public required string RoutingKey { get; init; }

    /// <summary><c>trigger</c> or <c>resolve</c>.</summary>
    public required string EventAction { get; init; }

    public required string DedupKey { get; init; }

    /// <summary>Trigger only.</summary>
    public PagerDutyPayload? Payload { get; init; }

    public string? Client { get; init; }

    public string? ClientUrl { get; init; }

    public IReadOnlyList<PagerDutyLink>? Links { get; init; }
}

/// <summary>The trigger's payload.</summary>
internal sealed record PagerDutyPayload
{
    public required string Summary { get; init; }

    public required string Source { get; init; }

    public required string Severity { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public string? Component { get; init; }

    public string? Group { get; init; }

    [JsonPropertyName("class")]
    public string? Class { get; init; }

    public Dictionary<string, string>? CustomDetails { get; init; }
}

/// <summary>A link shown on the incident.</summary>
internal sealed record PagerDutyLink(string Href, string Text);
