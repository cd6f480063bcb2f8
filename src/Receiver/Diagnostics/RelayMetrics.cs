using System.Diagnostics;
using System.Diagnostics.Metrics;
using Relay.Receiver.Intake;
using Relay.Receiver.Tekton;

namespace Relay.Receiver.Diagnostics;

/// <summary>
/// The receiver's instruments on the <c>Relay</c> meter (Prometheus: <c>relay_intake_events_total</c>,
/// <c>relay_intake_duration_seconds</c>). Tags are bounded: the event type is a known Tekton type or <c>other</c>.
/// </summary>
internal sealed class RelayMetrics
{
    public const string MeterName = Relay.Diagnostics.RelayTelemetryNames.Meter;
    public const string OutcomeTag = "relay.outcome";
    public const string EventTypeTag = "relay.event_type";

    private readonly Counter<long> _events;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _reconcileScans;
    private readonly Counter<long> _reconcileExamined;
    private readonly Counter<long> _reconcileFed;
    private readonly Counter<long> _reconcileDeleted;
    private readonly Counter<long> _reconcileApiErrors;
    private readonly Histogram<double> _reconcileDuration;

    public RelayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("relay.intake.events", unit: "{event}",
            description: "Intake requests by CloudEvent type and outcome (accepted, duplicate, invalid, unauthorized, ...).");
        _duration = meter.CreateHistogram<double>("relay.intake.duration", unit: "s",
            description: "Time from request to answer on POST /, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _reconcileScans = meter.CreateCounter<long>("relay.reconcile.scans", unit: "{scan}",
            description: "Reconcile scans of the Kubernetes API finished (on the silo that hosts the cluster's reconciler).");
        _reconcileExamined = meter.CreateCounter<long>("relay.reconcile.runs.examined", unit: "{run}",
            description: "PipelineRuns the reconciler listed and compared with what Relay holds.");
        _reconcileFed = meter.CreateCounter<long>("relay.reconcile.runs.fed", unit: "{run}",
            description: "Runs whose state the reconciler fed through the event path because events missed it.");
        _reconcileDeleted = meter.CreateCounter<long>("relay.reconcile.runs.deleted", unit: "{run}",
            description: "Runs deleted before they finished that the reconciler ended with error.");
        _reconcileApiErrors = meter.CreateCounter<long>("relay.reconcile.api.errors", unit: "{error}",
            description: "Kubernetes API calls of the reconciler that failed (configuration, network, status codes other than 404).");
        _reconcileDuration = meter.CreateHistogram<double>("relay.reconcile.scan.duration", unit: "s",
            description: "Time one reconcile scan took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
    }

    /// <summary>One finished reconcile scan and what it did.</summary>
    public void ReconcileScanned(int examined, int fed, int deleted, int apiErrors, TimeSpan elapsed)
    {
        _reconcileScans.Add(1);
        Add(_reconcileExamined, examined);
        Add(_reconcileFed, fed);
        Add(_reconcileDeleted, deleted);
        Add(_reconcileApiErrors, apiErrors);
        _reconcileDuration.Record(elapsed.TotalSeconds);
    }

    private static void Add(Counter<long> counter, int value)
    {
        if (value > 0)
        {
            counter.Add(value);
        }
    }

    /// <summary>Counts one intake answer and its latency (seconds), when the handler ran (not for rate-limit refusals).</summary>
    public void IntakeHandled(string? eventType, IntakeOutcome outcome, TimeSpan? elapsed)
    {
        var outcomeTag = new KeyValuePair<string, object?>(OutcomeTag, outcome.ToTag());
        if (_events.Enabled)
        {
            _events.Add(1, new TagList { { EventTypeTag, BoundedType(eventType) }, outcomeTag });
        }

        if (elapsed is { } latency && _duration.Enabled)
        {
            _duration.Record(latency.TotalSeconds, outcomeTag);
        }
    }

    /// <summary>The sender chooses <c>ce-type</c>: only Tekton's own types become tag values.</summary>
    private static string BoundedType(string? eventType) =>
        eventType is not null && TektonEventDecoder.TryParseType(eventType, out _, out _) ? eventType : "other";
}
