namespace Relay.Grains.Actions.Bitbucket;

/// <summary>
/// <c>POST</c>/<c>PUT</c> of a Bitbucket Data Center pull request comment; an edit names the <c>version</c> it replaces
/// (Data Center answers 409 when it is not the current one).
/// </summary>
internal sealed record BitbucketDataCenterCommentRequest(string Text, int? Version);
