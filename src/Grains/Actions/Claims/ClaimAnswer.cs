namespace Relay.Grains.Actions.Claims;

/// <summary>What the owner of a context answered a claim.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.ClaimAnswer")]
public sealed record ClaimAnswer
{
    /// <summary>The claimant may post.</summary>
    [Id(0)] public bool Granted { get; init; }

    /// <summary>Not granted because this newer run owns the context (<c>namespace/name</c>).</summary>
    [Id(1)] public string? OwnedBy { get; init; }

    /// <summary>Not granted because the context holds as many posts as the provider keeps.</summary>
    [Id(2)] public bool LimitReached { get; init; }

    public static ClaimAnswer Grant { get; } = new() { Granted = true };
}
