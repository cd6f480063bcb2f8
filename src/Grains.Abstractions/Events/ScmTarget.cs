namespace Relay.Events;

/// <summary>Where a run reports: provider, repository, commit and optional PR/issue, read from annotations (SPEC §2).</summary>
[GenerateSerializer, Immutable, Alias("Relay.Events.ScmTarget")]
public sealed record ScmTarget
{
    /// <summary>Provider type (<c>github</c>) or the name of a configured instance.</summary>
    [Id(0)] public required string Provider { get; init; }

    [Id(1)] public required string Owner { get; init; }

    [Id(2)] public required string Repository { get; init; }

    [Id(3)] public required string CommitSha { get; init; }

    [Id(4)] public long? PullRequest { get; init; }

    [Id(5)] public long? Issue { get; init; }

    /// <summary>Base status context; null means <c>tekton/&lt;pipeline&gt;</c>.</summary>
    [Id(6)] public string? Context { get; init; }

    /// <summary>Per-run API root override (<c>scm.api-base-url</c>).</summary>
    [Id(7)] public string? ApiBaseUrl { get; init; }
}
