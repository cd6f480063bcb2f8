using Relay.Actions;
using Relay.Events;
using Relay.Grains.Runs;
using Relay.Runs;

namespace Relay.Grains.Actions.Claims;

/// <summary>Builds a run's claim on a status context (newest run wins) the same way for every provider module.</summary>
internal static class ContextClaims
{
    /// <summary>
    /// The claim of <paramref name="run"/> on <paramref name="context"/> at <paramref name="target"/>'s commit. The creation
    /// time falls back to the run's earliest known start when no event of the run itself carried it.
    /// </summary>
    public static ContextClaim For(
        PipelineRunGrainState run, string runKey, string provider, string instance, ScmTarget target, string context, CiState state, int? maxPosts = null) => new()
    {
        Scope = $"{provider}|{instance}|{target.Owner}/{target.Repository}|{target.CommitSha}|{context}".ToLowerInvariant(),
        RunKey = runKey,
        Run = $"{run.Namespace}/{run.RunName}",
        Uid = run.Uid,
        CreatedAt = run.CreatedAt ?? run.Run?.StartTime
            ?? run.Tasks.Values.Select(t => t.StartTime).Where(t => t is not null).Min() ?? DateTimeOffset.MinValue,
        MaxPosts = maxPosts,
        Terminal = state.IsTerminal(),
    };
}
