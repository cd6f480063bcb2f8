using Relay.Grains.Runs.RunModel;

namespace Relay.Grains.Runs;

/// <summary>
/// The end of a run's record: forgotten to a tombstone after <c>run_ttl</c> idle, then cleared once its event keys
/// are past <c>dedupe_ttl</c>.
/// </summary>
internal sealed partial class PipelineRunGrain
{
    /// <summary>
    /// Forgets a run once nothing is pending and no event came for <c>run_ttl</c>: first its details (a tombstone keeps
    /// its identity another <c>run_ttl</c>, or longer so that its event keys are held <c>dedupe_ttl</c>, so late events post
    /// nothing), then the record itself. The reminders are
    /// removed only after the record is gone, so a failure at any step leaves a reminder that tries again.
    /// </summary>
    private async Task CleanUpIfDoneAsync()
    {
        if (!IsIdle())
        {
            return;
        }

        if (state.RecordExists && Run.ForgottenAt is null)
        {
            var idle = timeProvider.GetUtcNow() - (Run.LastEventAt ?? DateTimeOffset.MinValue);
            RunAccumulator.Forget(Run, timeProvider.GetUtcNow());
            _version++;
            await PersistAsync();
            Log.RunForgotten(logger, _runKey, idle);
            return;
        }

        if (timeProvider.GetUtcNow() - (Run.LastEventAt ?? DateTimeOffset.MinValue) < _tombstoneKept)
        {
            // The tombstone answers for the run's event keys until dedupe_ttl has passed (the event grains keep none).
            return;
        }

        // From here no apply may touch the state until it is cleared; new ones wait and start afresh.
        var cleared = new TaskCompletionSource();
        _clearing = cleared.Task;
        await _writeGate.WaitAsync();
        try
        {
            ThrowIfRetired();
            try
            {
                await state.ClearStateAsync();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                throw Retire(exception);
            }

            _outbox = new RunOutbox(Run, _retry, _options.BehindAfter);
            _version = _persisted = 0;
        }
        finally
        {
            _writeGate.Release();
            cleared.SetResult();
        }

        foreach (var name in new[] { OutboxReminder.Name, CleanupReminder })
        {
            if (await this.GetReminder(name) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }

        _outboxReminder.Forget();
        Log.RunTombstoneRemoved(logger, _runKey);
        DeactivateOnIdle();
    }

    private bool IsIdle() =>
        !HasWork && !_draining && _applying == 0
        && timeProvider.GetUtcNow() - (Run.LastEventAt ?? DateTimeOffset.MinValue) >= _runTtl;
}
