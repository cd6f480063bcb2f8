namespace Relay;

/// <summary>
/// References to the string-keyed grains of one interface, equal to <c>GetGrain&lt;TGrain&gt;(key)</c> but without its
/// per-call cost: Orleans resolves the grain interface type from the interface's custom attributes on every
/// <c>GetGrain</c> (about 4 % of a silo's CPU at full intake load, one call per event for the event grain and one
/// for the run grain). Here the interface and grain type are resolved once, from a first reference, and every other
/// reference is made from its <see cref="GrainId"/>. Meant to live as long as the grain factory (a singleton).
/// </summary>
public sealed class StringKeyedGrains<TGrain>(IGrainFactory grains)
    where TGrain : IGrainWithStringKey
{
    // PublicationOnly: a failed first resolution (a client that has not received the cluster manifest yet) is retried.
    private readonly Lazy<(GrainType Type, GrainInterfaceType Interface)> _types = new(
        () =>
        {
            var probe = (GrainReference)(object)grains.GetGrain<TGrain>("_");
            return (probe.GrainId.Type, probe.InterfaceType);
        },
        LazyThreadSafetyMode.PublicationOnly);

    /// <summary>The reference of the grain with this <paramref name="key"/>.</summary>
    public TGrain Get(string key)
    {
        var (type, interfaceType) = _types.Value;
        return (TGrain)grains.GetGrain(GrainId.Create(type, key), interfaceType);
    }
}
