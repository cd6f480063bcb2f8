namespace Relay.Grains.Actions.GitLab;

/// <summary><c>POST</c>/<c>PUT</c> of a merge request note.</summary>
internal sealed record GitLabNoteRequest(string Body);
