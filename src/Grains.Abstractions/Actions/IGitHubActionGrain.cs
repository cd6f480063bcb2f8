namespace Relay.Actions;

/// <summary>Calls the GitHub API. Implemented as a stateless worker: activations are local to the caller's silo.</summary>
[Alias("Relay.Actions.IGitHubActionGrain")]
public interface IGitHubActionGrain : IGrainWithIntegerKey
{
    /// <summary>Posts one commit status. Not idempotent by itself: the run grain's ledger decides what to call.</summary>
    [Alias("post-commit-status")]
    Task<ActionResult> PostCommitStatusAsync(CommitStatusCommand command);
}
