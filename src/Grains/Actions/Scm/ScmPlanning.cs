using Relay.Actions;
using Relay.Events;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Runs;
using Relay.Runs;

namespace Relay.Grains.Actions.Scm;

/// <summary>Everything one action's planning needs.</summary>
internal sealed record ScmPlanning(
    string Provider, string Instance, ScmActionOptions Action, PipelineRunGrainState Run, ScmTarget Target, string? Link, string BaseContext, WhenExpression? When)
{
    public string ActionId { get; } = $"{Instance}/{Action.Name}";

    /// <summary><c>{namespace}/{name}</c>: the run's identity in comment markers.</summary>
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
