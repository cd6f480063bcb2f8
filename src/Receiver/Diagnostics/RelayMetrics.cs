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

    public RelayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _events = meter.CreateCounter<long>("relay.intake.events", unit: "{event}",
            description: "Intake requests by CloudEvent type and outcome (accepted, duplicate, invalid, unauthorized, ...).");
        _duration = meter.CreateHistogram<double>("relay.intake.duration", unit: "s",
            description: "Time from request to answer on POST /, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
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
