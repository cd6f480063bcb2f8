using Relay.Grains.Actions;
using Relay.Runs;

namespace Relay.Grains.Runs.RunModel;

/// <summary>
/// The idempotence rule of the run ledger (SPEC §3): the same (action, context, state, content) is never posted
/// twice, a terminal state is never followed by a non-terminal one, and a once-only effect is posted once.
/// </summary>
internal static class EffectLedger
{
    public static bool IsNew(LedgerEntry? last, PlannedEffect action)
    {
        if (last is null)
        {
            return true;
        }

        if (action.Once)
        {
            return false;
        }

        if (last.CiState.IsTerminal() && !action.CiState.IsTerminal())
        {
            return false;
        }

        return !(string.Equals(last.State, action.State, StringComparison.Ordinal)
            && string.Equals(last.Description, action.Description, StringComparison.Ordinal)
            && string.Equals(last.TargetUrl, action.TargetUrl, StringComparison.Ordinal)
            && string.Equals(last.ContentHash, action.ContentHash, StringComparison.Ordinal));
    }
}
