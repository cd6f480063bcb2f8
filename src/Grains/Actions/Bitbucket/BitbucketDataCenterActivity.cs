namespace Relay.Grains.Actions.Bitbucket;

/// <summary>One pull request activity on Bitbucket Data Center; a <c>COMMENTED</c> one carries its comment.</summary>
internal sealed record BitbucketDataCenterActivity(string? Action, BitbucketDataCenterComment? Comment);
