using Relay.Runs;

namespace Relay.Receiver.Reconcile;

/// <summary>
/// When the reconciler feeds what the API says about one object (a PipelineRun or one of its TaskRuns): only when Relay
/// does not hold that state or a later one yet, and events had <c>reconcile.after</c> since the object last changed to
/// bring it. Pure, so the rule is tested without a cluster.
/// </summary>
internal static class ReconcileDecision
{
    /// <param name="relayState">What Relay holds for the object; null when it holds nothing (never saw it).</param>
    /// <param name="apiState">What the API object says now.</param>
    /// <param name="lastChange">The object's last state change: its Succeeded condition's <c>lastTransitionTime</c>, else its creation.</param>
    /// <param name="now">The scan's time.</param>
    /// <param name="after"><c>reconcile.after</c>: how long events get to bring a change.</param>
    public static bool ShouldFeed(CiState? relayState, CiState apiState, DateTimeOffset? lastChange, DateTimeOffset now, TimeSpan after)
    {
        // Relay's terminal state came from a real event: the ledger and monotonic state already decided it.
        if (relayState is { } known && (known.IsTerminal() || Rank(known) >= Rank(apiState)))
        {
            return false;
        }

        return lastChange is { } changed && now - changed >= after;
    }

    /// <summary>The last moment the object changed state, as far as the API tells.</summary>
    public static DateTimeOffset? LastChange(DateTimeOffset? lastTransitionTime, DateTimeOffset? creationTimestamp) =>
        lastTransitionTime ?? creationTimestamp;

    /// <summary>queued &lt; pending &lt; running &lt; terminal, as the run grain orders them.</summary>
    private static int Rank(CiState state) => state.IsTerminal() ? 3 : (int)state;
}
