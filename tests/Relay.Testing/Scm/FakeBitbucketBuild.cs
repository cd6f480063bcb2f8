namespace Relay.Testing.Scm;

/// <summary>A build status as a fake Bitbucket received it: its <c>key</c> beside its <c>name</c> (Relay's context).</summary>
public sealed record FakeBitbucketBuild(string Sha, string Key, string Name, string State);
