using System.Diagnostics.Metrics;

namespace Relay.Grains.Diagnostics;

/// <summary>
/// The grains' instruments on the <c>Relay</c> meter: actions settled, provider call latency, retries, pending outbox
/// entries held by this silo's run grains, dedupe hits and the dead-letter store. Every tag value comes from a fixed set.
/// </summary>
internal sealed class RelayMetrics
{
    public const string MeterName = Relay.Diagnostics.RelayTelemetryNames.Meter;
    public const string ProviderTag = "relay.provider";
    public const string ActionTag = "relay.action";
    public const string OutcomeTag = "relay.outcome";
    public const string ReasonTag = "relay.reason";
    public const string WaitTag = "relay.wait";
    public const string PriorityTag = "relay.priority";

    private readonly Counter<long> _actions;
    private readonly Counter<long> _retries;
    private readonly Histogram<double> _providerDuration;
    private readonly UpDownCounter<long> _outboxPending;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _providerRetries;
    private readonly Counter<long> _rateLimitWaits;
    private readonly UpDownCounter<long> _deadLetters;
    private readonly Counter<long> _deadLettersEnqueued;
    private readonly Counter<long> _deadLettersReplayed;
    private readonly Counter<long> _deadLettersPurged;
    private readonly Counter<long> _deadLettersDropped;
    private readonly Counter<long> _statesDropped;
    private readonly Counter<long> _budget;

    public RelayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _actions = meter.CreateCounter<long>("relay.actions", unit: "{action}",
            description: "Actions settled, by provider, action type and outcome (succeeded, failed).");
        _retries = meter.CreateCounter<long>("relay.actions.retries", unit: "{retry}",
            description: "Action attempts that failed transiently and were scheduled again.");
        _providerDuration = meter.CreateHistogram<double>("relay.provider.duration", unit: "s",
            description: "Latency of calls to the SCM provider's API, by provider and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _outboxPending = meter.CreateUpDownCounter<long>("relay.outbox.pending", unit: "{action}",
            description: "Actions waiting in the outboxes of the run grains active on this silo.");
        _duplicates = meter.CreateCounter<long>("relay.events.duplicates", unit: "{event}",
            description: "Events recognised as already handled (dedupe hits): nothing posted.");
        _providerRetries = meter.CreateCounter<long>("relay.provider.retries", unit: "{retry}",
            description: "In-process retries of provider HTTP calls, by provider and reason (rate_limit, too_many_requests, server_error, network, timeout).");
        _rateLimitWaits = meter.CreateCounter<long>("relay.provider.rate_limit.waits", unit: "{wait}",
            description: "Provider calls that waited for a rate limit: in process (short waits) or deferred to the outbox (not sent).");
        _deadLetters = meter.CreateUpDownCounter<long>("relay.dead_letters", unit: "{entry}",
            description: "Dead letters held by the dead-letter shards active on this silo (summed over silos: the store).");
        _deadLettersEnqueued = meter.CreateCounter<long>("relay.dead_letters.enqueued", unit: "{entry}",
            description: "Actions that failed for good and entered the dead-letter store, by provider and action type.");
        _deadLettersReplayed = meter.CreateCounter<long>("relay.dead_letters.replayed", unit: "{entry}",
            description: "Dead-letter replays, by outcome (enqueued, already_delivered, superseded, failed).");
        _deadLettersPurged = meter.CreateCounter<long>("relay.dead_letters.purged", unit: "{entry}",
            description: "Dead letters deleted by an operator.");
        _deadLettersDropped = meter.CreateCounter<long>("relay.dead_letters.dropped", unit: "{entry}",
            description: "Dead letters dropped by the store's limits, by reason (cap: oldest over dead_letters.max_letters; retention: older than dead_letters.retention).");
        _statesDropped = meter.CreateCounter<long>("relay.actions.dropped", unit: "{action}",
            description: "Queued states never sent because a newer state of the same commit and context replaced them while they were held back (rate limit, budget, failed attempt).");
        _budget = meter.CreateCounter<long>("relay.provider.budget", unit: "{request}",
            description: "Content-creating requests asked of a credential's cluster-wide budget, by provider, priority (terminal, intermediate) and outcome (granted, deferred).");
    }

    /// <summary>Queued states replaced, unsent, by newer ones.</summary>
    public void StatesDropped(int count)
    {
        if (count > 0 && _statesDropped.Enabled)
        {
            _statesDropped.Add(count, new KeyValuePair<string, object?>(ReasonTag, "superseded_state"));
        }
    }

    /// <summary>One request asked of a content budget: <paramref name="outcome"/> is granted or deferred.</summary>
    public void BudgetAsked(string provider, bool terminal, string outcome)
    {
        if (_budget.Enabled)
        {
            _budget.Add(1, new(ProviderTag, provider), new(PriorityTag, terminal ? "terminal" : "intermediate"), new(OutcomeTag, outcome));
        }
    }

    public void ActionSettled(string provider, string action, string outcome)
    {
        if (_actions.Enabled)
        {
            _actions.Add(1, new(ProviderTag, provider), new(ActionTag, action), new(OutcomeTag, outcome));
        }
    }

    public void ActionRetried(string provider, string action)
    {
        if (_retries.Enabled)
        {
            _retries.Add(1, new(ProviderTag, provider), new(ActionTag, action));
        }
    }

    public void ProviderCalled(string provider, string outcome, TimeSpan elapsed)
    {
        if (_providerDuration.Enabled)
        {
            _providerDuration.Record(elapsed.TotalSeconds, new(ProviderTag, provider), new(OutcomeTag, outcome));
        }
    }

    /// <summary>One in-process retry of a provider call; <paramref name="reason"/> comes from a fixed set.</summary>
    public void ProviderRetried(string provider, string reason)
    {
        if (_providerRetries.Enabled)
        {
            _providerRetries.Add(1, new(ProviderTag, provider), new(ReasonTag, reason));
        }
    }

    /// <summary>A call waited for a rate limit: <paramref name="wait"/> is <c>in_process</c> or <c>deferred</c>.</summary>
    public void RateLimitWaited(string provider, string wait)
    {
        if (_rateLimitWaits.Enabled)
        {
            _rateLimitWaits.Add(1, new(ProviderTag, provider), new(WaitTag, wait));
        }
    }

    public void OutboxChanged(long delta)
    {
        if (delta != 0)
        {
            _outboxPending.Add(delta);
        }
    }

    public void DuplicateEvent() => _duplicates.Add(1);

    /// <summary>A dead-letter shard's entry count changed (or its activation came or went) by <paramref name="delta"/>.</summary>
    public void DeadLettersChanged(long delta)
    {
        if (delta != 0)
        {
            _deadLetters.Add(delta);
        }
    }

    public void DeadLetterEnqueued(string provider, string type)
    {
        if (_deadLettersEnqueued.Enabled)
        {
            // relay.action carries the action type, as on relay.actions.
            _deadLettersEnqueued.Add(1, new(ProviderTag, provider), new(ActionTag, type));
        }
    }

    public void DeadLetterReplayed(string outcome)
    {
        if (_deadLettersReplayed.Enabled)
        {
            _deadLettersReplayed.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));
        }
    }

    public void DeadLettersPurged(int count)
    {
        if (count > 0)
        {
            _deadLettersPurged.Add(count);
        }
    }

    /// <summary>Entries dropped by the store's limits; <paramref name="reason"/> is <c>cap</c> or <c>retention</c>.</summary>
    public void DeadLettersDropped(int count, string reason)
    {
        if (count > 0 && _deadLettersDropped.Enabled)
        {
            _deadLettersDropped.Add(count, new KeyValuePair<string, object?>(ReasonTag, reason));
        }
    }
}
