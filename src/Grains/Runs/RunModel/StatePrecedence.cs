using Relay.Events;
using Relay.Runs;

namespace Relay.Grains.Runs.RunModel;

/// <summary>
/// Decides whether an incoming event replaces what a run holds for a resource (SPEC §3): states only move
/// forward (queued → pending → running → terminal); a terminal state is never replaced by a non-terminal one;
/// between two terminal states the later <c>lastTransitionTime</c> wins.
/// </summary>
internal static class StatePrecedence
{
    public static bool Supersedes(ResourceRecord? current, RelayEvent incoming)
    {
        if (current is null)
        {
            return true;
        }

        if (current.State.IsTerminal())
        {
            return incoming.State.IsTerminal()
                && incoming.State != current.State
                && incoming.LastTransitionTime is { } incomingTime
                && (current.LastTransitionTime is not { } currentTime || incomingTime > currentTime);
        }

        return incoming.State.IsTerminal() || incoming.State >= current.State;
    }
}
