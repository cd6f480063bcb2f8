namespace Relay.Grains.Actions.GitHub.RateLimits;

/// <summary>
/// What the cluster knows about one GitHub credential's rate limit. Key: <c>&lt;credential identity&gt;@&lt;API root&gt;</c>,
/// e.g. <c>app:12345/678@https://api.github.com/</c>; the identity never contains the secret.
/// </summary>
// Moved from Grains.Abstractions into the GitHub module: the wire identity stays what it was, so old and new silos agree.
[Alias("Relay.Actions.IGitHubRateLimitGrain"), GrainInterfaceType("Relay.Actions.IGitHubRateLimitGrain")]
public interface IGitHubRateLimitGrain : IGrainWithStringKey
{
    /// <summary>A silo saw the limit exhausted: no call should be sent before <paramref name="blockedUntil"/>. Keeps the latest.</summary>
    [Alias("report")]
    Task ReportAsync(DateTimeOffset blockedUntil);

    /// <summary>When the credential may be used again, or null when it is not known to be limited.</summary>
    [Alias("get-blocked-until")]
    Task<DateTimeOffset?> GetBlockedUntilAsync();
}
