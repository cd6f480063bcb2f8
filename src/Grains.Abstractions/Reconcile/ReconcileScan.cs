namespace Relay.Reconcile;

/// <summary>The result of one scan: the runs to keep watching and what the scan did.</summary>
public sealed record ReconcileScan
{
    /// <summary>The watched runs after the scan (the next scan's input).</summary>
    public required IReadOnlyList<WatchedRun> Watched { get; init; }

    public int Examined { get; init; }

    /// <summary>Runs for which at least one object was fed to the event grains.</summary>
    public int Fed { get; init; }

    /// <summary>Runs gone from the API while Relay held them non-terminal, ended <c>error</c>.</summary>
    public int DeletedEnded { get; init; }

    /// <summary>Kubernetes API calls that failed (the scan went on with what it had).</summary>
    public int ApiErrors { get; init; }
}
