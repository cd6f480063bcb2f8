using System.Security.Cryptography;
using System.Text;
using Relay.Actions;
using Relay.DeadLetters;
using Relay.Grains.Actions;

namespace Relay.Grains.Runs.RunModel;

/// <summary>
/// A run's ledger and durable outbox (Runs/README.md rules 4–7), as plain code over its state: which planned effects
/// are new (<see cref="Enqueue"/>), which entry goes next (<see cref="Next"/>), how an attempt is settled (delivered,
/// retry at, dead letter) and how a dead letter is replayed without duplicates. It performs no I/O: the grain awaits
/// providers, storage and the dead-letter store, and tells this class what happened.
/// </summary>
internal sealed class RunOutbox(PipelineRunGrainState run, RetryPolicy retry, TimeSpan? behindAfter = null)
{
    private readonly TimeSpan _behindAfter = behindAfter ?? new OutboxOptions().BehindAfter;

    // Entries planned, replaced or replayed since the last write began: not delivered until a write holds them.
    private readonly HashSet<long> _notDurable = [];

    // Entries whose delivery is in progress (at most one per row). A newer decision for such a row queues behind it.
    private readonly HashSet<long> _inFlight = [];

    public int Count => run.Outbox.Count;

    /// <summary>Queued states replaced, unsent, by a newer state of the same row since this outbox was made (counted for metrics).</summary>
    public int Superseded { get; private set; }

    /// <summary>Puts what the ledger has not seen into the outbox; returns how many entries were added or replaced.</summary>
    public int Enqueue(IEnumerable<PlannedEffect> planned, EffectTrigger trigger, DateTimeOffset now)
    {
        var added = 0;
        foreach (var effect in planned)
        {
            var key = effect.Key.ToString();
            var last = run.Ledger.GetValueOrDefault(key);
            if (!EffectLedger.IsNew(last, effect))
            {
                continue;
            }

            var entry = QueuedEntryFor(key);
            if (entry is not null && !effect.EditsInPlace && !Behind(entry, now))
            {
                // A state that is on its way (due now, delivery keeping up) is posted before the newer one, so the
                // provider shows each state.
                entry = null;
            }

            if (entry is not null)
            {
                if (!effect.EditsInPlace)
                {
                    // Behind (held back by a rate limit, budget or failed attempts, or waiting longer than BehindAfter):
                    // its state is stale before it was posted; the newer state takes its place rather than queueing
                    // behind it, and goes as soon as it may.
                    Superseded++;
                    entry.NextAttemptAt = null;
                }

                // Only the newest content of an edited-in-place effect matters: replace the queued one.
                entry.Effect = effect.Effect;
                entry.TraceParent = trigger.TraceParent ?? entry.TraceParent;
                entry.EventKey = trigger.EventKey ?? entry.EventKey;
                entry.EventType = trigger.EventType ?? entry.EventType;
                added++;
            }
            else
            {
                entry = new OutboxEntry
                {
                    Id = run.NextOutboxId++,
                    LedgerKey = key,
                    Effect = effect.Effect,
                    EnqueuedAt = now,
                    TraceParent = trigger.TraceParent,
                    EventKey = trigger.EventKey,
                    EventType = trigger.EventType,
                };
                run.Outbox.Add(entry);
                added++;
            }

            _notDurable.Add(entry.Id);
            run.Ledger[key] = new LedgerEntry
            {
                Action = effect.Action,
                Provider = effect.Effect.Provider,
                Commit = effect.Commit,
                Context = effect.Context,
                CiState = effect.CiState,
                State = effect.State,
                Description = effect.Description,
                TargetUrl = effect.TargetUrl,
                ContentHash = effect.ContentHash,
                Delivery = Delivery.Planned,
                OutboxId = entry.Id,
                PlannedAt = now,
                Memo = last?.Memo,
            };
        }

        return added;
    }

    /// <summary>The oldest entry due now whose decision is durable, or null.</summary>
    public OutboxEntry? Next(DateTimeOffset now) => OutboxSchedule.NextDeliverable(run.Outbox, now, _notDurable);

    /// <summary>
    /// Up to <paramref name="max"/> entries due now whose decisions are durable, oldest first and at most one per row:
    /// rows are independent, so their attempts may be in flight together and settled by one write.
    /// </summary>
    public IReadOnlyList<OutboxEntry> NextBatch(DateTimeOffset now, int max) =>
        OutboxSchedule.Deliverable(run.Outbox, now, _notDurable).Where(e => !_inFlight.Contains(e.Id)).Take(max).ToArray();

    /// <summary>How long until an entry is due, or null when none waits (or none is durable yet).</summary>
    public TimeSpan? NextDueIn(DateTimeOffset now) => OutboxSchedule.NextDueIn(run.Outbox, now, _notDurable);

    /// <summary>A write is about to store the state: what it will hold (pass it to <see cref="Written"/> on success).</summary>
    public long[] BeginWrite() => [.. _notDurable];

    /// <summary>The write that began with <paramref name="held"/> succeeded: those entries may be delivered.</summary>
    public void Written(long[] held) => _notDurable.ExceptWith(held);

    /// <summary>What earlier deliveries of the entry's row left at the provider.</summary>
    public EffectMemo? MemoFor(OutboxEntry entry) =>
        Owned(entry) ? run.Ledger.GetValueOrDefault(entry.LedgerKey)?.Memo : entry.CarriedMemo;

    /// <summary>An attempt starts: the entry is in flight until settled.</summary>
    public void BeginAttempt(OutboxEntry entry, DateTimeOffset now)
    {
        _inFlight.Add(entry.Id);
        entry.FirstAttemptAt ??= now;
    }

    /// <summary>Settles an attempt (rule 5): delivered, a retry after a backoff, or a dead letter to be stored.</summary>
    public Settlement Settle(OutboxEntry entry, ActionResult result, DateTimeOffset now, string runKey)
    {
        var row = Owned(entry) ? run.Ledger.GetValueOrDefault(entry.LedgerKey) : null;
        var current = row is not null && row.OutboxId == entry.Id ? row : null;
        if (result.Memo is { } memo)
        {
            // Kept even when the call failed half-way (a deployment created, its status not): the retry edits it.
            if (row is not null)
            {
                row.Memo = memo;
            }
            else
            {
                entry.CarriedMemo = memo;
            }
        }

        if (result.Outcome == ActionOutcome.Succeeded)
        {
            _inFlight.Remove(entry.Id);
            entry.Attempts++;
            if (entry.DeadLetterId is { } replayed)
            {
                // Leaves the store once this state is written; the grain repeats the removal until it succeeds.
                run.LetterRemovals.Add(replayed);
            }

            run.Outbox.Remove(entry);
            if (current is not null)
            {
                current.Delivery = Delivery.Delivered;
                current.DeliveredAt = now;
                current.LastError = null;
                current.DeadLetterId = null;
                current.SupersededBy = result.SupersededBy;
            }

            return new Settlement(SettlementKind.Delivered);
        }

        entry.LastError = result.Error;
        if (current is not null)
        {
            current.LastError = result.Error;
        }

        if (result.Outcome == ActionOutcome.TransientFailure && (result.RateLimited || entry.Attempts + 1 < retry.MaxAttempts))
        {
            if (result.RateLimited)
            {
                // Waiting out a rate limit is not a failed attempt: the call was not made, or the provider refused them all.
                entry.RateLimitWaits++;
            }
            else
            {
                entry.Attempts++;
            }

            var wait = result.RetryAfter ?? retry.Backoff(Math.Max(entry.Attempts, 1));
            entry.NextAttemptAt = now + wait;
            _inFlight.Remove(entry.Id);
            return new Settlement(SettlementKind.Retry, wait);
        }

        // Still in flight until the store holds the letter (DeadLettered / DeadLetterDeferred): a decision planned
        // meanwhile queues behind this entry instead of being folded into the one on its way out.
        entry.Attempts++;
        return new Settlement(SettlementKind.DeadLetter, Letter: LetterFor(entry, result, now, runKey));
    }

    /// <summary>The store holds the entry's dead letter: it leaves the outbox, and its row (if still its own) says so.</summary>
    public void DeadLettered(OutboxEntry entry, DeadLetter letter)
    {
        _inFlight.Remove(entry.Id);
        run.Outbox.Remove(entry);
        if (Owned(entry) && run.Ledger.GetValueOrDefault(entry.LedgerKey) is { } row && row.OutboxId == entry.Id)
        {
            row.Delivery = Delivery.Failed;
            row.LastError = letter.Cause;
            row.DeadLetterId = letter.Id;
        }
    }

    /// <summary>The dead-letter store could not be reached: keep the entry and try again later rather than lose the failure.</summary>
    public void DeadLetterDeferred(OutboxEntry entry, DateTimeOffset now)
    {
        _inFlight.Remove(entry.Id);
        entry.NextAttemptAt = now + retry.Backoff(entry.Attempts);
    }

    /// <summary>
    /// Puts a dead letter's effect back (rule 7), unless it is on its way already, delivered since, or superseded by a
    /// newer decision for its row (in this run or in a newer run under the same key). <paramref name="changed"/> says
    /// whether the state must be written.
    /// </summary>
    public ReplayOutcome Replay(DeadLetter letter, EffectTrigger trigger, DateTimeOffset now, out bool changed)
    {
        changed = false;
        var key = LedgerKey.Upgrade(letter.LedgerKey, run.Scm?.CommitSha ?? "");
        var sameIncarnation = letter.Incarnation is null || string.Equals(letter.Incarnation, run.Incarnation, StringComparison.Ordinal);
        var row = run.Ledger.GetValueOrDefault(key);
        var pending = run.Outbox.Find(e =>
            e.DeadLetterId == letter.Id || (sameIncarnation && row is not null && letter.OutboxId > 0 && e.Id == letter.OutboxId));
        if (pending is not null)
        {
            // Already on its way (a replay in progress, or the entry never left the outbox): never a second copy.
            if (pending.DeadLetterId is null)
            {
                pending.DeadLetterId = letter.Id;
                changed = true;
            }

            return ReplayOutcome.Enqueued;
        }

        if (row is not null && (!sameIncarnation || row.OutboxId != letter.OutboxId))
        {
            // A newer decision for this row exists: posting the old one would regress it.
            return ReplayOutcome.Superseded;
        }

        if (row is { Delivery: Delivery.Delivered })
        {
            return ReplayOutcome.AlreadyDelivered;
        }

        var entry = new OutboxEntry
        {
            Id = row is not null && letter.OutboxId > 0 ? letter.OutboxId : run.NextOutboxId++,
            LedgerKey = key,
            Effect = letter.Effect,
            EnqueuedAt = now,
            TraceParent = trigger.TraceParent,
            EventKey = letter.EventKey,
            EventType = letter.EventType,
            DeadLetterId = letter.Id,
        };
        if (row is null)
        {
            // The run was forgotten (run_ttl), replaced, or never stored this row: the letter carries all it needs.
            var parts = key.Split('|', 3);
            run.Ledger[key] = new LedgerEntry
            {
                Action = letter.Action,
                Provider = letter.Provider,
                Commit = parts.Length == 3 ? parts[1] : null,
                Context = parts[^1],
                State = "replay",
                Description = letter.Summary ?? "",
                Delivery = Delivery.Planned,
                OutboxId = entry.Id,
                PlannedAt = now,
                DeadLetterId = letter.Id,
            };
            run.LastEventAt ??= now;
        }
        else
        {
            row.Delivery = Delivery.Planned;
        }

        run.Outbox.Add(entry);
        _notDurable.Add(entry.Id);
        changed = true;
        return ReplayOutcome.Enqueued;
    }

    /// <summary>Deterministic per (run, incarnation, entry): the same failure stored twice (after a crash) is one letter.</summary>
    internal static string DeadLetterId(string runKey, string? incarnation, long outboxId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(incarnation is null ? $"{runKey}#{outboxId}" : $"{runKey}#{incarnation}#{outboxId}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 10));
    }

    private DeadLetter LetterFor(OutboxEntry entry, ActionResult result, DateTimeOffset now, string runKey)
    {
        var effect = entry.Effect!;
        // An entry carried from an earlier incarnation keeps its own identity: its letter never matches the new run's rows.
        var incarnation = Owned(entry) ? run.Incarnation : $"carried:{entry.EnqueuedAt.UtcTicks}";
        return new DeadLetter
        {
            // A replay that fails again updates its own letter; a first failure gets an id derived from the entry.
            Id = entry.DeadLetterId ?? DeadLetterId(runKey, incarnation, entry.Id),
            RunKey = runKey,
            LedgerKey = entry.LedgerKey,
            Provider = effect.Provider,
            Action = LedgerKey.ActionOf(entry.LedgerKey),
            Type = effect.Type,
            Effect = effect,
            Incarnation = incarnation,
            EventKey = entry.EventKey,
            EventType = entry.EventType,
            Cause = result.Error ?? result.Outcome.ToString(),
            StatusCode = result.StatusCode,
            Attempts = entry.Attempts,
            PlannedAt = entry.EnqueuedAt,
            FirstAttemptAt = entry.FirstAttemptAt,
            FailedAt = now,
            OutboxId = entry.Id,
            Summary = effect.Summary,
        };
    }

    /// <summary>The undelivered, not in-flight, not replayed outbox entry of a ledger row in this incarnation, if any.</summary>
    private OutboxEntry? QueuedEntryFor(string ledgerKey) =>
        run.Outbox.FindLast(e => e.LedgerKey == ledgerKey && !_inFlight.Contains(e.Id) && e.DeadLetterId is null && Owned(e));

    /// <summary>
    /// Delivery is behind for the entry: a rate limit or budget deferred it, an attempt failed, or it has waited longer
    /// than <see cref="OutboxOptions.BehindAfter"/> (queued behind its row's attempt, or behind the run's other rows).
    /// </summary>
    private bool Behind(OutboxEntry entry, DateTimeOffset now) =>
        entry.RateLimitWaits > 0 || entry.Attempts > 0 || now - entry.EnqueuedAt >= _behindAfter;

    private bool Owned(OutboxEntry entry) => entry.Id >= run.FirstOutboxId;
}
