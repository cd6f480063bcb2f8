namespace Relay.Grains.Actions.Gitea;

/// <summary><c>POST /repos/{owner}/{repo}/statuses/{sha}</c>.</summary>
internal sealed record GiteaStatusRequest(string State, string Context, string? TargetUrl, string? Description);
