namespace Relay.Grains.Actions.Conditions;

/// <summary>What a <c>when</c> expression sees: the resource an effect is about (the run, or one task of it).</summary>
internal sealed record WhenContext
{
    /// <summary><c>queued</c>, <c>pending</c>, <c>running</c>, <c>success</c>, <c>failure</c>, <c>error</c>, <c>canceled</c>.</summary>
    public required string State { get; init; }

    /// <summary><c>pipelinerun</c>, <c>taskrun</c> or <c>customrun</c>.</summary>
    public required string Kind { get; init; }

    public string Namespace { get; init; } = "";

    public string Pipeline { get; init; } = "";

    /// <summary>The Kubernetes name of the run.</summary>
    public string Name { get; init; } = "";

    /// <summary>The pipeline task name for per-task effects, empty for the run itself.</summary>
    public string Task { get; init; } = "";

    public string Reason { get; init; } = "";

    /// <summary><c>owner/repo</c>.</summary>
    public string Repository { get; init; } = "";

    /// <summary>The run names a pull request.</summary>
    public bool IsPullRequest { get; init; }
}
