namespace Relay.Grains.Actions.Bitbucket;

/// <summary>A build status, as both flavors take it (Cloud <c>…/commit/{sha}/statuses/build</c>, Data Center <c>…/commits/{sha}/builds</c>).</summary>
internal sealed record BitbucketBuildStatusRequest(string Key, string State, string Name, string? Url, string? Description);
