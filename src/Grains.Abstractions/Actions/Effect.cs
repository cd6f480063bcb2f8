using System.Text.Json.Serialization;

namespace Relay.Actions;

/// <summary>
/// One effect a run wants at a provider, as the run core sees it: an envelope around a provider's own payload. The run
/// grain stores, orders, retries and dead-letters envelopes without knowing what is inside; the provider module named
/// by <see cref="Provider"/> planned the payload and is the only code that reads it.
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.Effect")]
public sealed record Effect
{
    /// <summary>The provider kind that planned the effect and executes it: <c>github</c>, <c>gitlab</c>, <c>slack</c>, …</summary>
    [Id(0)] public required string Provider { get; init; }

    /// <summary>The configured instance (<c>scm.github[].name</c>, …) whose endpoint and credentials to use.</summary>
    [Id(1)] public required string Instance { get; init; }

    /// <summary>The action type (<c>commit_status</c>, <c>pr_comment</c>, …).</summary>
    [Id(2)] public required string Type { get; init; }

    /// <summary>The provider's command as JSON, opaque to the run core (stored and shown as a JSON value).</summary>
    [Id(3), JsonConverter(typeof(RawJsonConverter))] public required string Payload { get; init; }

    /// <summary>A one-line description for logs and the dead-letter list: never a body or a secret.</summary>
    [Id(4)] public string? Summary { get; init; }

    /// <summary>The run's claim on the commit and context this effect shows, when it shows one (newest run wins); else null.</summary>
    [Id(5)] public ContextClaim? Claim { get; init; }
}
