using Relay.Events;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Runs;
using Relay.Runs;

namespace Relay.Grains.Actions;

/// <summary>
/// What every SCM module's planning of one action shares: the run and its target, the run's identity in markers, and
/// the <c>when</c> condition with the context it is evaluated in.
/// </summary>
internal abstract record RunPlanning(PipelineRunGrainState Run, ScmTarget Target, WhenExpression? When)
{
    /// <summary><c>{namespace}/{name}</c> (<c>{namespace}/{kind}/{name}</c> for a standalone run): the run's identity in markers.</summary>
    public string RunKey { get; } = Run.Kind == RunKind.PipelineRun
        ? $"{Run.Namespace}/{Run.RunName}"
        : $"{Run.Namespace}/{Run.Kind.ToString().ToLowerInvariant()}/{Run.RunName}";

    public bool Allows(WhenContext context) => When?.Evaluate(context) ?? true;

    public WhenContext ContextOfRun(CiState state) => new()
    {
        State = state.ToWireName(),
        Kind = Run.Kind.ToString().ToLowerInvariant(),
        Namespace = Run.Namespace ?? "",
        Pipeline = Run.PipelineName ?? "",
        Name = Run.RunName ?? "",
        Reason = Run.Run?.Reason ?? "",
        Repository = $"{Target.Owner}/{Target.Repository}",
        IsPullRequest = Target.PullRequest is not null,
    };

    public WhenContext ContextOf(ResourceRecord resource, string? task) => ContextOfRun(resource.State) with
    {
        Kind = task is null ? Run.Kind.ToString().ToLowerInvariant() : resource.Kind.ToString().ToLowerInvariant(),
        Task = task ?? "",
        Reason = resource.Reason ?? "",
    };
}
