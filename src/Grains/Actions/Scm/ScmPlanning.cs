using Relay.Actions;
using Relay.Events;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Runs;

namespace Relay.Grains.Actions.Scm;

/// <summary>Everything one action's planning needs.</summary>
internal sealed record ScmPlanning(
    string Provider, string Instance, ScmActionOptions Action, PipelineRunGrainState Run, ScmTarget Target, string? Link, string BaseContext, WhenExpression? When)
    : RunPlanning(Run, Target, When)
{
    public string ActionId { get; } = $"{Instance}/{Action.Name}";

    /// <summary>The envelope the run core stores and delivers: the kit's command as its payload.</summary>
    public Effect Effect(ScmCommand command) => new()
    {
        Provider = Provider,
        Instance = Instance,
        Type = command.Type,
        Payload = ScmJson.Write(command),
        Summary = command.Describe(),
    };

    public ScmCommand Command(string type) => new()
    {
        Type = type,
        Owner = Target.Owner,
        Repository = Target.Repository,
        Sha = Target.CommitSha,
    };
}
