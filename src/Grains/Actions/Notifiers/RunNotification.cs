namespace Relay.Grains.Actions.Notifiers;

/// <summary>The JSON a signed webhook sends (<c>format: json</c>), and the data of its CloudEvent (<c>format: cloudevents</c>).</summary>
internal sealed record RunNotification
{
    /// <summary>A stable id per (notifier, run, state): receivers can drop a redelivery by it.</summary>
    public required string Id { get; init; }

    /// <summary><c>dev.relay.run.&lt;state&gt;.v1</c>.</summary>
    public required string Type { get; init; }

    public required string Notifier { get; init; }

    public required string State { get; init; }

    /// <summary>A success after a failed or errored run (with <c>success_after_failure</c> in <c>on</c>).</summary>
    public bool Fixed { get; init; }

    public required string Pipeline { get; init; }

    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Kind { get; init; }

    public string? Task { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Duration { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? Repository { get; init; }

    public string? Sha { get; init; }

    public long? PullRequest { get; init; }

    public string? DashboardUrl { get; init; }

    public IReadOnlyList<FailedTask> FailedTasks { get; init; } = [];

    public string? Text { get; init; }
}
