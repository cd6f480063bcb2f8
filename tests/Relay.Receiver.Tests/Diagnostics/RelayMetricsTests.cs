using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Relay.Receiver.Intake;
using Xunit;

namespace Relay.Receiver.Diagnostics.Tests;

public sealed class RelayMetricsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Intake_answer_is_counted_by_type_and_outcome_with_its_latency()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var events = new MetricCollector<long>(factory, RelayMetrics.MeterName, "relay.intake.events");
        using var duration = new MetricCollector<double>(factory, RelayMetrics.MeterName, "relay.intake.duration");

        new RelayMetrics(factory).IntakeHandled("dev.tekton.event.taskrun.running.v1", IntakeOutcome.Duplicate, TimeSpan.FromMilliseconds(12));

        var counted = Assert.Single(events.GetMeasurementSnapshot());
        Assert.Equal(1, counted.Value);
        Assert.Equal("dev.tekton.event.taskrun.running.v1", counted.Tags[RelayMetrics.EventTypeTag]);
        Assert.Equal("duplicate", counted.Tags[RelayMetrics.OutcomeTag]);
        var timed = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal(0.012, timed.Value, precision: 6);
        Assert.Equal("duplicate", timed.Tags[RelayMetrics.OutcomeTag]);
    }

    [Theory]
    [InlineData("com.example.anything")]
    [InlineData("dev.tekton.event.taskrun.exploded.v1")]
    [InlineData("")]
    [InlineData(null)]
    public void Sender_chosen_types_are_tagged_other_so_series_stay_bounded(string? type)
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var events = new MetricCollector<long>(factory, RelayMetrics.MeterName, "relay.intake.events");

        new RelayMetrics(factory).IntakeHandled(type, IntakeOutcome.Unsupported, TimeSpan.Zero);

        Assert.Equal("other", Assert.Single(events.GetMeasurementSnapshot()).Tags[RelayMetrics.EventTypeTag]);
    }

    [Fact]
    public void Rate_limit_refusal_is_counted_without_a_latency()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        using var events = new MetricCollector<long>(factory, RelayMetrics.MeterName, "relay.intake.events");
        using var duration = new MetricCollector<double>(factory, RelayMetrics.MeterName, "relay.intake.duration");

        new RelayMetrics(factory).IntakeHandled("dev.tekton.event.pipelinerun.running.v1", IntakeOutcome.RateLimited, elapsed: null);

        Assert.Equal("rate_limited", Assert.Single(events.GetMeasurementSnapshot()).Tags[RelayMetrics.OutcomeTag]);
        Assert.Empty(duration.GetMeasurementSnapshot());
    }
}
