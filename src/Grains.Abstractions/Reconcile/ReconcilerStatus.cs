namespace Relay.Reconcile;

/// <summary>What the reconciler grain reports about itself.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Reconcile.ReconcilerStatus")]
public sealed record ReconcilerStatus
{
    /// <summary>False when <c>reconcile.enabled</c> is off (or no scanner is registered on the silo).</summary>
    [Id(0)] public bool Running { get; init; }

    /// <summary>The silo the reconciler is active on.</summary>
    [Id(1)] public required string Silo { get; init; }

    /// <summary>Scans this activation finished.</summary>
    [Id(2)] public int Scans { get; init; }

    /// <summary>Runs the reconciler currently watches (seen non-terminal in the API).</summary>
    [Id(3)] public int Watched { get; init; }

    [Id(4)] public DateTimeOffset? LastScanAt { get; init; }
}
