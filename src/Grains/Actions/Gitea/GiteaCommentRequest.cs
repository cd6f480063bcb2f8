namespace Relay.Grains.Actions.Gitea;

/// <summary><c>POST</c> / <c>PATCH</c> of an issue (pull request) comment.</summary>
internal sealed record GiteaCommentRequest(string Body);
