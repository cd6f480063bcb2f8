namespace Relay.Grains.Actions.AzureDevOps;

/// <summary>A thread's first comment (<c>parentCommentId</c> 0, <c>commentType</c> 1 = text), or an edit's new content (both null).</summary>
internal sealed record AzureDevOpsCommentRequest(string Content, int? ParentCommentId = null, int? CommentType = null);
