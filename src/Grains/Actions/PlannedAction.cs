using Relay.Actions;
using Relay.Runs;

namespace Relay.Grains.Actions;

/// <summary>An effect a run wants to exist at the provider; the ledger decides whether it still has to be posted.</summary>
internal sealed record PlannedAction
{
    /// <summary><c>{instance}/{action}</c>.</summary>
    public required string Action { get; init; }

    public required string Context { get; init; }

    public required CiState CiState { get; init; }

    /// <summary>The provider's state word (<c>pending</c>, <c>success</c>, …).</summary>
    public required string State { get; init; }

    public required string Description { get; init; }

    public string? TargetUrl { get; init; }

    public required CommitStatusCommand CommitStatus { get; init; }

    /// <summary>The ledger key: one row per (action, context). GitHub contexts are case-insensitive.</summary>
    public string LedgerKey => $"{Action}|{Context.ToLowerInvariant()}";
}
