namespace Relay.Grains.Actions.AzureDevOps;

/// <summary><c>POST …/pullRequests/{id}/threads</c>: one comment, <c>status</c> 1 = active.</summary>
internal sealed record AzureDevOpsThreadRequest(List<AzureDevOpsCommentRequest> Comments, int Status);
