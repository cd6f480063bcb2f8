namespace Relay.Actions;

/// <summary>One delivery attempt the run grain asks for: the effect, what earlier deliveries left, and a deadline.</summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.EffectDelivery")]
public sealed record EffectDelivery
{
    [Id(0)] public required Effect Effect { get; init; }

    /// <summary>The row's memo (created resource id, provider data), or null on a first delivery.</summary>
    [Id(1)] public EffectMemo? Memo { get; init; }

    /// <summary>
    /// How long the attempt may take in all (token refresh, rate-limit gate, every request and in-process retry):
    /// shorter than the grain call timeout, so the executor answers its caller itself and nothing it started outlives it.
    /// </summary>
    [Id(2)] public required TimeSpan Deadline { get; init; }

    /// <summary>
    /// An earlier activation of the run may have sent this already (it found the entry in storage, left by an activation
    /// that crashed, lost its directory entry or could not store its settle): where the provider can tell, look before
    /// sending, and answer success without sending when the provider already shows it.
    /// </summary>
    [Id(3)] public bool MaybeSent { get; init; }
}
