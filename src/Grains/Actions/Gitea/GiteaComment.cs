namespace Relay.Grains.Actions.Gitea;

/// <summary>An issue comment as Gitea answers it (the fields used).</summary>
internal sealed record GiteaComment(long Id, string? Body);
