namespace Relay.Grains.Actions.Bitbucket;

/// <summary><c>POST</c>/<c>PUT</c> of a Bitbucket Cloud pull request comment.</summary>
internal sealed record BitbucketCloudCommentRequest(BitbucketCloudContent Content);
