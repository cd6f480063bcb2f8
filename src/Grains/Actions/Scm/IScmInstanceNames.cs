namespace Relay.Grains.Actions.Scm;

/// <summary>
/// The instances one SCM module has configured, so that every module resolves <c>scm.provider</c> alike (an
/// instance name wins over a provider kind, whichever module the instance belongs to), and the start-up report can
/// list them.
/// </summary>
public interface IScmInstanceNames
{
    /// <summary>The module's provider kind (<c>github</c>, <c>gitlab</c>, …).</summary>
    string Provider { get; }

    /// <summary>True when the module has an instance named <paramref name="name"/> (case-insensitive).</summary>
    bool Has(string name);

    /// <summary>The module's instances now, for the start-up report.</summary>
    IReadOnlyList<ScmInstanceSummary> Describe();
}
