namespace Relay.Grains.Actions.Scm;

/// <summary>A run comment at the provider: its id, and what else the provider needs to edit it.</summary>
/// <param name="Id">The comment (note) id.</param>
/// <param name="ParentId">The thread holding it, where the provider has one (Azure DevOps).</param>
/// <param name="Version">The comment's version, where an edit must name it (Bitbucket Data Center).</param>
internal sealed record ScmCommentRef(string Id, string? ParentId = null, int? Version = null);
