namespace Relay.Grains.Actions.Scm;

/// <summary>
/// What the SCM kit keeps in a ledger row's memo beside the created comment's id (<see cref="Relay.Actions.EffectMemo.Data"/>).
/// </summary>
internal sealed record ScmMemoData
{
    /// <summary>
    /// A create was sent without a clear answer (deadline, connection lost): the next delivery looks for the comment
    /// by its marker before creating again.
    /// </summary>
    public bool MaybeCreated { get; init; }

    /// <summary>The id of what holds the comment, where the provider needs it to edit (an Azure DevOps thread).</summary>
    public string? ParentId { get; init; }

    /// <summary>The comment's version, where the provider needs it to edit (Bitbucket Data Center).</summary>
    public int? Version { get; init; }
}
