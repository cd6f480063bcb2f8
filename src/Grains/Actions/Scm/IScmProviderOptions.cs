namespace Relay.Grains.Actions.Scm;

/// <summary>A provider module's bound options (<c>scm.gitlab</c>, …): its instances, as the kit sees them.</summary>
internal interface IScmProviderOptions
{
    /// <summary>The configured instances, in configuration order.</summary>
    IReadOnlyList<ScmInstanceOptions> Instances { get; }
}
