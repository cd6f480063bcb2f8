namespace Relay.Runs.Index;

/// <summary>
/// What the run index holds of one run: the fields the listing shows, filters and orders by. Reported by the run grain
/// when it changes materially; stored in the index shard's record, so its ids are a stored contract (only ever added).
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Runs.Index.RunSummary")]
public sealed record RunSummary
{
    /// <summary>The run grain's key (<see cref="PipelineRunKey"/>).</summary>
    [Id(0)] public required string RunKey { get; init; }

    [Id(1)] public required string Namespace { get; init; }

    /// <summary>The PipelineRun name, or the standalone TaskRun/CustomRun name.</summary>
    [Id(2)] public required string Name { get; init; }

    /// <summary>What the run is: a PipelineRun, or a standalone TaskRun/CustomRun.</summary>
    [Id(3)] public RunKind Kind { get; init; }

    /// <summary>The run's <c>metadata.uid</c>, when an event carried it.</summary>
    [Id(4)] public string? Uid { get; init; }

    [Id(5)] public string? Pipeline { get; init; }

    /// <summary>The run's own state (the PipelineRun's; derived from its tasks until a PipelineRun event arrived).</summary>
    [Id(6)] public CiState State { get; init; }

    /// <summary>The provider the run reports to (<c>github</c> or an instance name); null without SCM metadata.</summary>
    [Id(7)] public string? Provider { get; init; }

    /// <summary><c>owner/name</c>; null without SCM metadata.</summary>
    [Id(8)] public string? Repository { get; init; }

    [Id(9)] public string? Commit { get; init; }

    [Id(10)] public long? PullRequest { get; init; }

    /// <summary>When the index first heard of this incarnation of the run (its first event, as the run grain reported it).</summary>
    [Id(11)] public DateTimeOffset FirstEventAt { get; init; }

    /// <summary>When the run grain recorded its latest event, as of its latest report.</summary>
    [Id(12)] public DateTimeOffset LastEventAt { get; init; }

    /// <summary>When the run reached a terminal state; null while it runs.</summary>
    [Id(13)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Ledger rows delivered.</summary>
    [Id(14)] public int Delivered { get; init; }

    /// <summary>Ledger rows decided and not delivered yet.</summary>
    [Id(15)] public int Pending { get; init; }

    /// <summary>Ledger rows whose effect failed for good (a dead letter holds it).</summary>
    [Id(16)] public int DeadLettered { get; init; }

    /// <summary>When the run grain sent this summary: an older one arriving late never replaces a newer one.</summary>
    [Id(17)] public DateTimeOffset ReportedAt { get; init; }

    /// <summary>Whether some effect is not delivered (pending or dead-lettered).</summary>
    public bool Undelivered => Pending > 0 || DeadLettered > 0;
}
