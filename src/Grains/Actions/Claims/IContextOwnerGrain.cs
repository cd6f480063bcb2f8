using Relay.Actions;

namespace Relay.Grains.Actions.Claims;

/// <summary>
/// Which run owns one (provider instance, repository, commit, context): the newest run by creation time, then name.
/// Key: <see cref="ContextClaim.Scope"/>.
/// </summary>
[Alias("Relay.Actions.IContextOwnerGrain")]
public interface IContextOwnerGrain : IGrainWithStringKey
{
    /// <summary>
    /// A run is about to post on the context: records it as the owner unless a newer run owns it, counts the post,
    /// and answers whether the post may go.
    /// </summary>
    [Alias("claim")]
    Task<ClaimAnswer> ClaimAsync(ContextClaim claim);

    /// <summary>A granted claim's post was not sent after all (deferred by a rate limit or budget): it is not counted.</summary>
    [Alias("release")]
    Task ReleaseAsync(ContextClaim claim);
}
