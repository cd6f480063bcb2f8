namespace Relay.Grains.Actions.Bitbucket;

/// <summary>A Bitbucket Cloud comment's <c>content</c>: its markdown source in <c>raw</c>.</summary>
internal sealed record BitbucketCloudContent(string? Raw);
