using Microsoft.Extensions.Configuration;
using Relay.Configuration;

namespace Relay.Grains.DeadLetters;

/// <summary>The <c>dead_letters</c> section: how much the dead-letter store keeps (docs/dead-letters.md).</summary>
public sealed class DeadLetterOptions
{
    /// <summary>Configuration section of these options.</summary>
    public const string Section = "dead_letters";

    /// <summary>
    /// <c>dead_letters.max_letters</c>: the store holds at most this many entries; over it, the oldest (by failure time)
    /// are dropped first. Default 10000; at least 1.
    /// </summary>
    [ConfigurationKeyName("max_letters")]
    public int MaxLetters { get; set; } = 10_000;

    /// <summary>
    /// <c>dead_letters.retention</c>: an entry that failed longer ago than this is dropped (checked at least hourly).
    /// Default 14d; at least 1m.
    /// </summary>
    [ConfigurationKeyName("retention")]
    public Duration Retention { get; set; } = new(TimeSpan.FromDays(14));
}
