namespace Relay.Receiver.Auth;

/// <summary>What <see cref="ReplayGuard.TryReserve"/> found for a verified signature.</summary>
internal enum ReplayCheck
{
    /// <summary>First use (or the earlier requests with it failed): reserved for this request.</summary>
    Reserved,

    /// <summary>A request with this signature already succeeded: a replay.</summary>
    Used,

    /// <summary>A request with this signature is being handled now; it may still fail, so retry later.</summary>
    InFlight,
}
