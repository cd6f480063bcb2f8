using Relay.Grains.Actions;

namespace Relay.Grains.Runs.RunModel;

/// <summary>Asks every registered provider module's planner what the run wants now (the providers are modules; the core knows none).</summary>
internal sealed class RunPlanner(IEnumerable<IEffectPlanner> planners)
{
    private readonly IEffectPlanner[] _planners = planners.ToArray();

    public IEnumerable<PlannedEffect> Plan(PipelineRunGrainState run) => _planners.SelectMany(p => p.Plan(run));
}
