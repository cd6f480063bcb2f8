namespace Relay.Actions;

/// <summary>Calls the GitHub API. Implemented as a stateless worker: activations are local to the caller's silo.</summary>
[Alias("Relay.Actions.IGitHubActionGrain")]
public interface IGitHubActionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Brings about one effect (SPEC §5). Not idempotent by itself: the run grain's ledger decides what to call and
    /// hands back the ids (<see cref="ActionResult.ResourceId"/>) of what earlier calls created.
    /// </summary>
    [Alias("execute")]
    Task<ActionResult> ExecuteAsync(GitHubCommand command);
}
