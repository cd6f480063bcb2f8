namespace Relay.Health;

/// <summary>How one action instance (<c>{instance}/{action}</c>) fared, as counted by one silo or summed over the cluster.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Health.ActionHealthReport")]
public sealed record ActionHealthReport
{
    [Id(0)] public required string Action { get; init; }

    [Id(1)] public long Succeeded { get; init; }

    [Id(2)] public long Failed { get; init; }

    [Id(3)] public string? LastError { get; init; }

    [Id(4)] public DateTimeOffset? LastErrorAt { get; init; }
}

/// <summary>The cluster as seen for readiness: its silos and the action health summed over every silo that answered.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Health.ClusterHealthReport")]
public sealed record ClusterHealthReport
{
    /// <summary>Silo address → membership status (active, joining, shutting_down, …).</summary>
    [Id(0)] public IReadOnlyDictionary<string, string> Silos { get; init; } = new Dictionary<string, string>();

    [Id(1)] public IReadOnlyList<ActionHealthReport> Actions { get; init; } = [];

    /// <summary>Silos that did not answer, with why.</summary>
    [Id(2)] public IReadOnlyDictionary<string, string> Unreachable { get; init; } = new Dictionary<string, string>();
}
