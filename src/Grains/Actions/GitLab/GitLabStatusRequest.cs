namespace Relay.Grains.Actions.GitLab;

/// <summary><c>POST /projects/:id/statuses/:sha</c>.</summary>
internal sealed record GitLabStatusRequest(string State, string Name, string? TargetUrl, string? Description);
