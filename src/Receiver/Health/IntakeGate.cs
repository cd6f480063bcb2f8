namespace Relay.Receiver.Health;

/// <summary>
/// Whether this node takes events now: closed until the host (silo or cluster client) is up, and closed again
/// as soon as shutdown begins, so in-flight work finishes while new events get 503 and go to other replicas.
/// </summary>
public sealed class IntakeGate
{
    private volatile string? _closedReason = "starting";

    public bool IsOpen => _closedReason is null;

    /// <summary>Why the gate is closed; null when open.</summary>
    public string? ClosedReason => _closedReason;

    public void Open() => _closedReason = null;

    public void Close(string reason) => _closedReason = reason;
}
