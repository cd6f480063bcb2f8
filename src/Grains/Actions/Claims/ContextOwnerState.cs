namespace Relay.Grains.Actions.Claims;

/// <summary>The stored owner of one commit and context, and how many posts were made on it.</summary>
[GenerateSerializer, Alias("Relay.Grains.Actions.Claims.ContextOwnerState")]
public sealed class ContextOwnerState
{
    [Id(0)] public string? RunKey { get; set; }

    [Id(1)] public string? Uid { get; set; }

    /// <summary><c>namespace/name</c>.</summary>
    [Id(2)] public string? Run { get; set; }

    [Id(3)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Posts granted on the context, by any run (counted when granted: a failed call still counts).</summary>
    [Id(4)] public int Posts { get; set; }

    [Id(5)] public DateTimeOffset UpdatedAt { get; set; }
}
