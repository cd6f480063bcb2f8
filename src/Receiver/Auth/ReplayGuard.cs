using System.Collections.Concurrent;

namespace Relay.Receiver.Auth;

/// <summary>
/// Remembers the signatures of <c>hmac-sha256</c> requests until their timestamp leaves the tolerance window (after
/// which the timestamp check refuses them anyway), so each signed request succeeds once per node. A verified signature
/// is first <em>reserved</em> while its request is handled: a concurrent identical request is refused, and the
/// reservation is <em>committed</em> (the signature is used) only when the request is answered with a success. When the
/// request fails (503, or any answer the sender may retry), the reservation is released and the sender's byte-identical
/// retry is taken: dedupe of the event itself happens downstream, in the event grain. Only valid signatures are
/// recorded, so an attacker without the secret cannot grow it.
/// </summary>
internal sealed class ReplayGuard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>
    /// Reserves <paramref name="signature"/> until <paramref name="expires"/>. <see cref="ReplayCheck.Used"/> when a
    /// request with it already succeeded, <see cref="ReplayCheck.InFlight"/> while another request with it is handled.
    /// </summary>
    public ReplayCheck TryReserve(string signature, DateTimeOffset expires, out SignatureReservation? reservation)
    {
        reservation = null;
        var now = time.GetUtcNow();
        Sweep(now);
        var reserved = new Entry(expires, committed: false);
        while (true)
        {
            if (_seen.TryAdd(signature, reserved))
            {
                break;
            }

            if (!_seen.TryGetValue(signature, out var existing))
            {
                continue;
            }

            if (existing.Expires > now)
            {
                return existing.Committed ? ReplayCheck.Used : ReplayCheck.InFlight;
            }

            if (_seen.TryUpdate(signature, reserved, existing))
            {
                break;
            }
        }

        reservation = new SignatureReservation(this, signature, reserved);
        return ReplayCheck.Reserved;
    }

    /// <summary>How many signatures are remembered now, reserved or used (tests).</summary>
    public int Count => _seen.Count;

    /// <summary>The request succeeded: the signature stays used until it expires.</summary>
    internal void Commit(string signature, Entry reserved) =>
        _seen.TryUpdate(signature, new Entry(reserved.Expires, committed: true), reserved);

    /// <summary>The request did not succeed: the signature may be used again (only this reservation is removed).</summary>
    internal void Release(string signature, Entry reserved) =>
        _seen.TryRemove(new KeyValuePair<string, Entry>(signature, reserved));

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now.AddSeconds(10);
        foreach (var (signature, entry) in _seen)
        {
            if (entry.Expires <= now)
            {
                _seen.TryRemove(new KeyValuePair<string, Entry>(signature, entry));
            }
        }
    }

    /// <summary>
    /// A remembered signature: until when, and whether its request succeeded (else it is in flight). A class, so that
    /// commit and release compare by reference and never touch a later reservation of the same signature.
    /// </summary>
    internal sealed class Entry(DateTimeOffset expires, bool committed)
    {
        public DateTimeOffset Expires { get; } = expires;

        public bool Committed { get; } = committed;
    }
}
