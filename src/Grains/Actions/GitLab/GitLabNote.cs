namespace Relay.Grains.Actions.GitLab;

/// <summary>A merge request note as GitLab answers it (the fields used).</summary>
internal sealed record GitLabNote(long Id, string? Body);
