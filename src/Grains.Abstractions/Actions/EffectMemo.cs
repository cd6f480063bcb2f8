namespace Relay.Actions;

/// <summary>
/// What earlier deliveries of one ledger row left behind at the provider, kept by the run's ledger and handed to the
/// next delivery: the id of what was created (a check run, comment, deployment, note, thread), and provider data the
/// core never reads (e.g. the labels an action applied, or that a create may have happened).
/// </summary>
[GenerateSerializer, Immutable, Alias("Relay.Actions.EffectMemo")]
public sealed record EffectMemo
{
    /// <summary>The id of what a delivery created and later ones edit; null when nothing was created.</summary>
    [Id(0)] public string? ResourceId { get; init; }

    /// <summary>Provider data as the provider wrote it (JSON), opaque to the run core.</summary>
    [Id(1)] public string? Data { get; init; }
}
