namespace Relay.Testing.Scm;

/// <summary>A commit status a fake SCM server accepted.</summary>
public sealed record FakeScmStatus(string Repository, string Sha, string Context, string State, string? Description, string? TargetUrl);
