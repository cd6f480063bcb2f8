using Relay.Actions;
using Relay.Events;
using Relay.Grains.Actions.Claims;
using Relay.Grains.Actions.Conditions;
using Relay.Grains.Runs;
using Relay.Runs;

namespace Relay.Grains.Actions.GitHub;

/// <summary>Everything the planning of one <c>scm.github[].actions[]</c> entry needs.</summary>
internal sealed record GitHubPlanning(
    string Instance, GitHubActionOptions Action, PipelineRunGrainState Run, ScmTarget Target, string? Link, string BaseContext, WhenExpression? When)
    : RunPlanning(Run, Target, When)
{
    public string ActionId { get; } = $"{Instance}/{Action.Name}";

    /// <summary>The run's claim on a status context (newest run wins; GitHub keeps 1,000 statuses per commit and context).</summary>
    public ContextClaim Claim(string context, CiState state) =>
        ContextClaims.For(Run, RunKey, GitHubActionPlanner.Provider, Instance, Target, context, state, GitHubActionPlanner.StatusesPerContext);

    /// <summary>The envelope the run core stores and delivers: this module's command as its payload.</summary>
    public Effect Effect(GitHubCommand command) => new()
    {
        Provider = GitHubActionPlanner.Provider,
        Instance = Instance,
        Type = command.Type,
        Payload = GitHubJson.Write(command),
        Summary = command.Describe(),
    };

    public GitHubCommand Command(string type) => new()
    {
        Instance = Instance,
        Type = type,
        Owner = Target.Owner,
        Repository = Target.Repository,
        Sha = Target.CommitSha,
        ApiBaseUrl = Target.ApiBaseUrl,
    };
}
