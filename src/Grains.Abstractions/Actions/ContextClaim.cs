namespace Relay.Actions;

/// <summary>
/// A run's claim on one (provider instance, repository, commit, context): the newest run owns it and is the only one that
/// posts on it (a re-run that finishes before the run it replaces keeps its status). Set by a provider's planner on
/// effects that show one state per commit and context (commit statuses, check runs); null on every other effect.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.ContextClaim")]
public sealed record ContextClaim
{
    /// <summary><c>{provider}|{instance}|{owner}/{repository}|{commit}|{context}</c>, lower-cased where the provider ignores case.</summary>
    [Id(0)] public required string Scope { get; init; }

    /// <summary>The claiming run's grain key.</summary>
    [Id(1)] public required string RunKey { get; init; }

    /// <summary>The claiming run as people name it: <c>namespace/name</c>.</summary>
    [Id(2)] public required string Run { get; init; }

    /// <summary>The claiming run's <c>metadata.uid</c>, when known: a run re-created under the same name is another run.</summary>
    [Id(3)] public string? Uid { get; init; }

    /// <summary>When the run was created (<c>metadata.creationTimestamp</c>, else its earliest known start): newer wins, then name.</summary>
    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The provider keeps at most this many posts per scope (GitHub: 1,000 statuses per commit and context); null: no cap.</summary>
    [Id(5)] public int? MaxPosts { get; init; }

    /// <summary>The effect is a terminal state: the last post under <see cref="MaxPosts"/> is kept for it.</summary>
    [Id(6)] public bool Terminal { get; init; }
}
