namespace Relay.Grains.Actions.Bitbucket;

/// <summary>A Bitbucket Cloud pull request comment as the API answers it (the fields used).</summary>
internal sealed record BitbucketCloudComment(long Id, BitbucketCloudContent? Content, bool Deleted);
