namespace Relay.Grains.Runs;

/// <summary>
/// A run grain's safety-net reminder (Runs/README.md rule 7): registered whenever the run has work, so a crash or a
/// move never leaves it waiting for the next event; released once the run is terminal and drained, or when a tick
/// finds nothing to do. Applies and the drain interleave, so callers take turns and each re-checks after its awaits
/// until reminder and work agree. One registration per run, not per burst of events.
/// </summary>
internal sealed class OutboxReminder(IGrainBase grain, TimeSpan period) : IDisposable
{
    /// <summary>The reminder's name: part of stored reminder rows, never renamed.</summary>
    public const string Name = "outbox";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IGrainReminder? _reminder;
    private bool _registered;

    /// <summary>A tick arrived: the reminder exists (this activation may not have registered it).</summary>
    public void Ticked() => _registered = true;

    /// <summary>The record and its reminders are gone.</summary>
    public void Forget()
    {
        _registered = false;
        _reminder = null;
    }

    /// <summary>
    /// Registers the reminder while <paramref name="hasWork"/> says there is work; releases it when there is none and
    /// <paramref name="mayRelease"/> allows it (the run is terminal, or a tick found nothing to do).
    /// </summary>
    public async Task SyncAsync(Func<bool> hasWork, Func<bool> mayRelease, Func<bool> stop)
    {
        await _gate.WaitAsync();
        try
        {
            while (!stop())
            {
                var pending = hasWork();
                if (pending && !_registered)
                {
                    _reminder = await grain.RegisterOrUpdateReminder(Name, period, period);
                    _registered = true;
                }
                else if (!pending && _registered && mayRelease())
                {
                    if ((_reminder ?? await grain.GetReminder(Name)) is { } reminder)
                    {
                        await grain.UnregisterReminder(reminder);
                    }

                    Forget();
                }
                else
                {
                    return;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
