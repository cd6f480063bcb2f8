namespace Relay.Receiver.Auth;

/// <summary>
/// A signature held by one request while it is handled (<see cref="ReplayGuard.TryReserve"/>). <see cref="Commit"/>
/// when the request is answered with a success; disposing without a commit releases it, so the sender may retry the
/// same bytes. Used by one request at a time.
/// </summary>
internal sealed class SignatureReservation(ReplayGuard guard, string signature, ReplayGuard.Entry reserved) : IDisposable
{
    private bool _done;

    /// <summary>The request succeeded: the signature is used until its timestamp expires.</summary>
    public void Commit()
    {
        if (!_done)
        {
            _done = true;
            guard.Commit(signature, reserved);
        }
    }

    /// <summary>Releases the signature unless the request committed it.</summary>
    public void Dispose()
    {
        if (!_done)
        {
            _done = true;
            guard.Release(signature, reserved);
        }
    }
}
