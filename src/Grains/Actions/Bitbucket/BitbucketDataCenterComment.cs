namespace Relay.Grains.Actions.Bitbucket;

/// <summary>A Bitbucket Data Center pull request comment as the API answers it (the fields used).</summary>
internal sealed record BitbucketDataCenterComment(long Id, int Version, string? Text);
