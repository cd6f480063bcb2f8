namespace Relay.Grains.Actions.Bitbucket;

/// <summary>One page of Bitbucket Cloud pull request comments; <c>next</c> is absent on the last page.</summary>
internal sealed record BitbucketCloudCommentPage(List<BitbucketCloudComment>? Values, string? Next);
