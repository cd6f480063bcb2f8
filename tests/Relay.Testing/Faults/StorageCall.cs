using Orleans.Runtime;

namespace Relay.Testing.Faults;

/// <summary>Which grain storage operation a <see cref="StorageFault"/> applies to.</summary>
[Flags]
public enum StorageOperations
{
    None = 0,
    Read = 1,
    Write = 2,
    Clear = 4,
    WriteOrClear = Write | Clear,
}

/// <summary>One call into grain storage, as a fault rule sees it.</summary>
/// <param name="Operation">Exactly one of <see cref="StorageOperations.Read"/>, <see cref="StorageOperations.Write"/>, <see cref="StorageOperations.Clear"/>.</param>
/// <param name="StorageName">The provider name, e.g. <c>relay</c>.</param>
/// <param name="StateName">The state name the grain declared, e.g. <c>run</c>.</param>
/// <param name="GrainId">The grain whose state it is.</param>
/// <param name="State">The state object being read into, written or cleared (the grain's live object: read it, don't keep it).</param>
public sealed record StorageCall(StorageOperations Operation, string StorageName, string StateName, GrainId GrainId, object? State)
{
    /// <summary>The grain type, e.g. <c>pipelinerun</c> or <c>event</c>.</summary>
    public string GrainType => GrainId.Type.ToString()!;

    /// <summary>The grain's key, e.g. <c>ci/build-42</c>.</summary>
    public string Key => GrainId.Key.ToString()!;

    public override string ToString() => $"{Operation} {StorageName}/{StateName} of {GrainId}";
}
