namespace Relay.Grains.Actions.Notifiers;

/// <summary>The stored record of <see cref="NotifierHistoryGrain"/>. A stored contract: members are only ever added.</summary>
[GenerateSerializer, Alias("Relay.Grains.Actions.Notifiers.NotifierHistoryGrainState")]
public sealed class NotifierHistoryGrainState
{
    public const int CurrentVersion = 1;

    [Id(0)] public int Version { get; set; } = CurrentVersion;

    /// <summary>The outcome of the newest recorded run.</summary>
    [Id(1)] public string? LastOutcome { get; set; }

    /// <summary>The runs recorded last (oldest first, bounded), each with what it was answered.</summary>
    [Id(2)] public List<NotifierHistoryEntry> Recent { get; set; } = [];
}

/// <summary>One recorded run: its id, its outcome, and the outcome before it (what it was answered).</summary>
[GenerateSerializer, Alias("Relay.Grains.Actions.Notifiers.NotifierHistoryEntry")]
public sealed record NotifierHistoryEntry
{
    [Id(0)] public required string RunId { get; init; }

    [Id(1)] public required string Outcome { get; init; }

    [Id(2)] public string? Previous { get; init; }
}
