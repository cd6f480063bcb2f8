using System.Collections.Immutable;

namespace Relay.Reconcile;

/// <summary>
/// A PipelineRun the reconciler saw non-terminal in the API, kept (persisted, bounded) so that a run deleted before it
/// finished can still be ended: its identity and the labels and annotations that say where it reports.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Reconcile.WatchedRun")]
public sealed record WatchedRun
{
    [Id(0)] public required string Namespace { get; init; }

    [Id(1)] public required string Name { get; init; }

    [Id(2)] public required string Uid { get; init; }

    /// <summary>The run's Tekton, relay and Pipelines-as-Code labels.</summary>
    [Id(3)] public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The run's relay and Pipelines-as-Code annotations.</summary>
    [Id(4)] public ImmutableDictionary<string, string> Annotations { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The last scan that saw it non-terminal: a later real transition wins over a "deleted" end.</summary>
    [Id(5)] public required DateTimeOffset LastSeenAt { get; init; }

    /// <summary><c>{namespace}/{name}</c>.</summary>
    public string Key => $"{Namespace}/{Name}";
}
