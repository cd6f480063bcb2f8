namespace Relay.Grains.Actions.Scm;

/// <summary>One configured SCM instance as the start-up report shows it.</summary>
/// <param name="Name">The instance name.</param>
/// <param name="BaseUrl">Its <c>base_url</c>.</param>
/// <param name="Actions">Its actions, as <c>name (type)</c>.</param>
public sealed record ScmInstanceSummary(string Name, string BaseUrl, IReadOnlyList<string> Actions);
