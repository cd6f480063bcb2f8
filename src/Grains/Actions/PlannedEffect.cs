using Relay.Actions;
using Relay.Grains.Runs.RunModel;
using Relay.Runs;

namespace Relay.Grains.Actions;

/// <summary>
/// An effect a run wants to exist at a provider, as a provider's planner describes it to the run core: the ledger
/// fields the core compares (state, description, content hash) and the envelope it stores and delivers. Whether it
/// still has to be brought about is the ledger's decision.
/// </summary>
internal sealed record PlannedEffect
{
    /// <summary><c>{instance}/{action}</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The commit the effect reports on; empty when the effect is about no commit (a notification).</summary>
    public required string Commit { get; init; }

    /// <summary>
    /// What the effect is about, unique within the action and commit: a status context, <c>check:&lt;name&gt;</c>,
    /// <c>#&lt;number&gt;</c>, <c>deployment:&lt;environment&gt;</c>, …
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

    /// <summary>
    /// Builds what to deliver (the provider's payload in its envelope). Called only for an effect the ledger finds new:
    /// most planned effects repeat what a row already holds, and serialising their payload would be wasted.
    /// </summary>
    public required Func<Effect> Envelope { private get; init; }

    /// <summary>What to deliver, built on first use.</summary>
    public Effect Effect => _effect ??= Envelope();

    private Effect? _effect;

    /// <summary>The ledger row: one per (action, commit, context).</summary>
    public LedgerKey Key => new(Action, Commit, Context);
}
