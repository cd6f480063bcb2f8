namespace Relay.Grains.Actions.Bitbucket;

/// <summary>One page of a Data Center pull request's activities (Data Center's paging: <c>isLastPage</c>, <c>nextPageStart</c>).</summary>
internal sealed record BitbucketDataCenterActivityPage(List<BitbucketDataCenterActivity>? Values, bool IsLastPage, int? NextPageStart);
