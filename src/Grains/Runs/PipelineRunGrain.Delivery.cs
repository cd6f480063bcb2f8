using Orleans.Configuration;
using Relay.Actions;
using Relay.DeadLetters;
using Relay.Grains.Runs.RunModel;
using Relay.Runs;

namespace Relay.Grains.Runs;

/// <summary>
/// The run grain's outbox drain: a timer that delivers what is due once a write of this activation holds it, settles
/// each attempt's result in memory and stores it before the next, and the reminder that resumes it after a crash.
/// </summary>
internal sealed partial class PipelineRunGrain
{
    // Outbox entries this activation found in storage, left by an activation that did not hand them over (it crashed, lost
    // its directory entry, or could not store its last settle): it may have sent them, or be sending them still. They go
    // once a deadline has passed since this activation's first write (which stops the other one at its next write), and
    // with "look first" (EffectDelivery.MaybeSent).
    private HashSet<long> _inherited = [];
    private DateTimeOffset? _inheritedHold;

    /// <summary>Takes what the stored record says about the activation before this one (at activation).</summary>
    private void InheritOutbox()
    {
        _inherited = Run.Released ? [] : Run.Outbox.Select(e => e.Id).ToHashSet();
    }

    /// <summary>This activation's first write succeeded: inherited entries wait a deadline from now.</summary>
    private void StartInheritedHold()
    {
        if (_inherited.Count > 0 && _inheritedHold is null)
        {
            _inheritedHold = timeProvider.GetUtcNow() + _deadline;
        }
    }

    private TimeSpan? HeldFor(DateTimeOffset now) =>
        _inheritedHold is { } until && until > now && _inherited.Count > 0 ? until - now : null;

    private void ScheduleDrain()
    {
        if (_draining || _retired)
        {
            return;
        }

        var now = timeProvider.GetUtcNow();
        var due = _outbox.NextDueIn(now);
        if (due is null && Run.LetterRemovals.Count > 0)
        {
            due = _options.InitialBackoff;
        }

        if (due is not null && HeldFor(now) is { } held && held > due)
        {
            due = held;
        }

        if (due is not null)
        {
            ArmDrainTimer(due.Value);
        }
    }

    /// <summary>Storage refused a write: deliveries pause and the drain tries again (writing first) after a backoff.</summary>
    private void RescheduleAfterFailedWrite()
    {
        if (!_retired)
        {
            ArmDrainTimer(_options.InitialBackoff);
        }
    }

    private void ArmDrainTimer(TimeSpan due)
    {
        if (_drainTimer is null)
        {
            _drainTimer = this.RegisterGrainTimer(DrainAsync, new GrainTimerCreationOptions
            {
                DueTime = due,
                Period = Timeout.InfiniteTimeSpan,
                Interleave = true,
                KeepAlive = true,
            });
        }
        else
        {
            _drainTimer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_draining || _retired)
        {
            return;
        }

        _draining = true;
        try
        {
            if (!_fenced || _version != _persisted)
            {
                // Deliveries follow a write of this activation's own: its etag fences off any activation still running
                // elsewhere, and a settle that storage refused is stored before anything else is sent.
                _version++;
                await PersistAsync();
            }

            if (HeldFor(timeProvider.GetUtcNow()) is { } held)
            {
                // An earlier activation may still be sending what it left: wait it out.
                ArmDrainTimer(held);
                return;
            }

            await RemoveReplayedLettersAsync();
            while (!cancellationToken.IsCancellationRequested && !_retired && !_deactivating && _outbox.NextBatch(timeProvider.GetUtcNow(), MaxAttemptsInFlight) is { Count: > 0 } batch)
            {
                // In flight until settled: an apply interleaving at any await in between must queue a newer decision
                // for the row behind an entry, not rewrite it. Rows are independent: their attempts go together, and
                // one write settles them all.
                var now = timeProvider.GetUtcNow();
                foreach (var entry in batch)
                {
                    _outbox.BeginAttempt(entry, now);
                }

                var results = await Task.WhenAll(batch.Select(entry => _deliveries.DeliverAsync(entry, _outbox.MemoFor(entry), _inherited.Contains(entry.Id))));
                for (var i = 0; i < batch.Count; i++)
                {
                    await SettleAsync(batch[i], results[i]);
                }

                if (_inherited.Count > 0)
                {
                    // Delivered or dead-lettered: no longer this activation's doubt.
                    _inherited.RemoveWhere(id => !Run.Outbox.Exists(e => e.Id == id));
                }

                _version++;
                ReportPending();
                await PersistAsync();
                await RemoveReplayedLettersAsync();
            }

            await SyncOutboxReminderAsync(releaseWhileRunning: false);
            if (!HasWork && _applying == 0 && Run.Run?.State.IsTerminal() == true)
            {
                // Finished and delivered: free the memory now; a late event re-reads the stored state.
                DeactivateOnIdle();
            }
        }
        catch (RunStateUnavailableException) when (_retired)
        {
            // Retired: the next activation resumes from storage (the outbox reminder brings it).
            return;
        }
        catch (RunStateUnavailableException)
        {
            // Storage refused a write: deliveries pause until one succeeds (tried again after a backoff).
            _draining = false;
            RescheduleAfterFailedWrite();
            return;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // The reminder service or a grain call failed: keep the timer going rather than wait for the next event.
            Log.DrainFailed(logger, _runKey, exception.Message);
        }
        finally
        {
            _draining = false;
        }

        ScheduleDrain();
    }

    private async Task SettleAsync(OutboxEntry entry, ActionResult result)
    {
        var now = timeProvider.GetUtcNow();
        var effect = entry.Effect;
        var provider = effect?.Provider ?? "unknown";
        var type = effect?.Type ?? "unknown";
        var action = LedgerKey.ActionOf(entry.LedgerKey);
        var settlement = _outbox.Settle(entry, result, now, _runKey);
        switch (settlement.Kind)
        {
            case SettlementKind.Delivered:
                actionHealth.Succeeded(action);
                metrics.ActionSettled(provider, type, result.SupersededBy is null ? "succeeded" : "superseded");
                Log.ActionDelivered(logger, _runKey, entry.LedgerKey, effect?.Summary, entry.Attempts);
                return;
            case SettlementKind.Retry:
                actionHealth.Failed(action, result.Error);
                metrics.ActionRetried(provider, type);
                Log.ActionRetry(logger, _runKey, entry.LedgerKey, entry.Attempts, settlement.Wait ?? TimeSpan.Zero, result.Error);
                return;
        }

        actionHealth.Failed(action, result.Error);
        var letter = settlement.Letter!;
        try
        {
            await deadLetters.AddAsync(letter);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            _outbox.DeadLetterDeferred(entry, now);
            Log.DeadLetterDeferred(logger, _runKey, entry.LedgerKey, exception.Message);
            return;
        }

        _outbox.DeadLettered(entry, letter);
        metrics.ActionSettled(provider, type, "failed");
        Log.ActionFailed(logger, _runKey, entry.LedgerKey, entry.Attempts, result.Error);
    }

    /// <summary>Replayed letters leave the store once their delivery is written; repeated until the store answers.</summary>
    private async Task RemoveReplayedLettersAsync()
    {
        while (Run.LetterRemovals.Count > 0 && !_retired)
        {
            var id = Run.LetterRemovals[0];
            try
            {
                await deadLetters.RemoveAsync(id, ReplayOutcome.Enqueued);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log.DeadLetterRemovalDeferred(logger, _runKey, id, exception.Message);
                return;
            }

            Run.LetterRemovals.Remove(id);
            _version++;
        }
    }

    /// <summary>The configured attempt deadline, never more than 80 % of the grain response timeout.</summary>
    internal static TimeSpan DeliveryDeadline(OutboxOptions options, SiloMessagingOptions messaging)
    {
        var cap = messaging.ResponseTimeout * 0.8;
        return options.DeliveryTimeout < cap ? options.DeliveryTimeout : cap;
    }

    /// <summary>The outbox reminder follows the work (<see cref="OutboxReminder"/>); <paramref name="releaseWhileRunning"/> on an idle tick.</summary>
    private Task SyncOutboxReminderAsync(bool releaseWhileRunning) =>
        _outboxReminder.SyncAsync(() => HasWork, () => releaseWhileRunning || Run.Run?.State.IsTerminal() == true, () => _retired);
}
