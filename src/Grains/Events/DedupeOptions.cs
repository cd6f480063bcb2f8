using Relay.Configuration;

namespace Relay.Grains.Events;

/// <summary>Event dedupe settings (SPEC §3, §8).</summary>
public sealed class DedupeOptions
{
    /// <summary><c>dedupe_ttl</c>: how long a completed event key answers Duplicate. Default 24h.</summary>
    public Duration Ttl { get; set; } = new(TimeSpan.FromHours(24));
}
