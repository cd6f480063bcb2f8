namespace Relay.Grains.Actions.GitHub;

/// <summary>What the GitHub module keeps in a ledger row's memo beside the created id (<see cref="Relay.Actions.EffectMemo.Data"/>).</summary>
internal sealed record GitHubMemoData
{
    /// <summary><c>label</c>: the labels this action has applied, so it can take back the ones it no longer wants.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>
    /// A create was sent without a clear answer (deadline, connection lost): the next delivery looks for what it may
    /// have created (marker, <c>external_id</c>, deployment payload) before creating again.
    /// </summary>
    public bool MaybeCreated { get; init; }
}
