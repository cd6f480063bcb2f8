using Relay.Actions;
using Relay.Runs;

namespace Relay.Grains.Actions;

/// <summary>An effect a run wants to exist at the provider; the ledger decides whether it still has to be brought about.</summary>
internal sealed record PlannedAction
{
    /// <summary><c>{instance}/{action}</c>.</summary>
    public required string Action { get; init; }

    /// <summary>
    /// What the effect is about, unique within the action: a status context, <c>check:&lt;name&gt;</c>,
    /// <c>pr:&lt;number&gt;</c>, <c>deployment:&lt;environment&gt;</c>, …
    /// </summary>
    public required string Context { get; init; }

    public required CiState CiState { get; init; }

    /// <summary>The provider's state word (<c>pending</c>, <c>success</c>, <c>in_progress</c>, …).</summary>
    public required string State { get; init; }

    public string Description { get; init; } = "";

    public string? TargetUrl { get; init; }

    /// <summary>A hash of any further content (body, output, labels): a change posts again.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Brought about at most once per ledger row (comments in <c>create</c> mode): later changes are not posted.</summary>
    public bool Once { get; init; }

    /// <summary>
    /// The effect edits one thing in place (check run, upserted comment, labels): only the newest content matters, so
    /// a newer decision replaces a queued, undelivered one instead of queueing behind it.
    /// </summary>
    public bool EditsInPlace { get; init; }

    public required GitHubCommand Command { get; init; }

    /// <summary>The ledger key: one row per (action, context). GitHub contexts are case-insensitive.</summary>
    public string LedgerKey => $"{Action}|{Context.ToLowerInvariant()}";
}
