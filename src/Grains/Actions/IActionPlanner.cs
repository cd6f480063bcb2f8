using Relay.Grains.Runs;

namespace Relay.Grains.Actions;

/// <summary>Derives, from what a run grain holds, the effects each configured action wants at its provider.</summary>
internal interface IActionPlanner
{
    /// <summary>Pure: reads the run state, returns the desired effects; the ledger filters what is new.</summary>
    IEnumerable<PlannedAction> Plan(PipelineRunGrainState run);
}
