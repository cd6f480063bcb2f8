using Relay.Grains.Runs;

namespace Relay.Grains.Actions;

/// <summary>A provider module's planner: from what a run grain holds, the effects each configured action wants.</summary>
internal interface IEffectPlanner
{
    /// <summary>Pure: reads the run state (never changes it), returns the desired effects; the ledger filters what is new.</summary>
    IEnumerable<PlannedEffect> Plan(PipelineRunGrainState run);
}
