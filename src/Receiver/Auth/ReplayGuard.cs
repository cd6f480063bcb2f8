using System.Collections.Concurrent;

namespace Relay.Receiver.Auth;

/// <summary>
/// Remembers the signatures of accepted <c>hmac-sha256</c> requests until their timestamp leaves the tolerance window
/// (after which the timestamp check refuses them anyway), so each signed request is taken once per node. Only valid
/// signatures are recorded, so an attacker without the secret cannot grow it.
/// </summary>
internal sealed class ReplayGuard(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>Records <paramref name="signature"/>; false when it was already seen and has not expired.</summary>
    public bool TryRecord(string signature, DateTimeOffset expires)
    {
        var now = time.GetUtcNow();
        Sweep(now);
        while (true)
        {
            if (_seen.TryAdd(signature, expires))
            {
                return true;
            }

            if (!_seen.TryGetValue(signature, out var existing))
            {
                continue;
            }

            if (existing > now)
            {
                return false;
            }

            if (_seen.TryUpdate(signature, expires, existing))
            {
                return true;
            }
        }
    }

    /// <summary>How many signatures are remembered now (tests).</summary>
    public int Count => _seen.Count;

    private void Sweep(DateTimeOffset now)
    {
        if (now < _nextSweep)
        {
            return;
        }

        _nextSweep = now.AddSeconds(10);
        foreach (var (signature, expires) in _seen)
        {
            if (expires <= now)
            {
                _seen.TryRemove(new KeyValuePair<string, DateTimeOffset>(signature, expires));
            }
        }
    }
}
