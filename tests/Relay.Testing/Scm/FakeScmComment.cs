namespace Relay.Testing.Scm;

/// <summary>A pull/merge request comment on a fake SCM server, with every body it has had.</summary>
public sealed record FakeScmComment(long Id, string Repository, long Number)
{
    public List<string> Bodies { get; } = [];

    public string Body => Bodies[^1];

    /// <summary>An id of what holds the comment, where the provider has one (an Azure DevOps thread).</summary>
    public long? ParentId { get; init; }
}
