using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Runs;
using Xunit;

namespace Relay.Receiver.Filtering.Tests;

public sealed class EventFilterTests
{
    [Fact]
    public void Empty_filter_admits_everything()
    {
        Assert.Null(Filter(new FilterOptions()).Reject(Event("ci", RunKind.TaskRun)));
    }

    [Fact]
    public void Kinds_list_admits_only_listed_kinds()
    {
        var filter = Filter(new FilterOptions { Kinds = ["pipelinerun"] });

        Assert.Null(filter.Reject(Event("ci", RunKind.PipelineRun)));
        Assert.NotNull(filter.Reject(Event("ci", RunKind.TaskRun)));
    }

    [Fact]
    public void Namespace_globs_allow_and_deny_wins()
    {
        var filter = Filter(new FilterOptions { Namespaces = new() { Allow = ["ci-*", "team-?"], Deny = ["ci-secret"] } });

        Assert.Null(filter.Reject(Event("ci-web", RunKind.PipelineRun)));
        Assert.Null(filter.Reject(Event("team-a", RunKind.PipelineRun)));
        Assert.NotNull(filter.Reject(Event("team-ab", RunKind.PipelineRun)));
        Assert.NotNull(filter.Reject(Event("ci-secret", RunKind.PipelineRun)));
        Assert.NotNull(filter.Reject(Event("prod", RunKind.PipelineRun)));
    }

    [Fact]
    public void Unknown_kind_is_a_validation_error_with_its_path()
    {
        var result = new FilterOptionsValidator().Validate(null, new FilterOptions { Kinds = ["pipelinerun", "job"] });

        Assert.Contains(result.Failures!, f => f.StartsWith("filter.kinds[1]: unknown kind 'job'", StringComparison.Ordinal));
    }

    [Fact]
    public void Pipelines_as_code_runs_are_skipped_only_when_asked()
    {
        var skipping = Filter(new FilterOptions { SkipPipelinesAsCode = true });
        var reporting = Filter(new FilterOptions());

        Assert.Contains("Pipelines-as-Code", skipping.Reject(Event("ci", RunKind.PipelineRun), managedByPipelinesAsCode: true), StringComparison.Ordinal);
        Assert.Null(skipping.Reject(Event("ci", RunKind.PipelineRun), managedByPipelinesAsCode: false));
        Assert.Null(reporting.Reject(Event("ci", RunKind.PipelineRun), managedByPipelinesAsCode: true));
    }

    private static EventFilter Filter(FilterOptions options) => new(Options.Create(options));

    private static RelayEvent Event(string ns, RunKind kind) => new()
    {
        EventKey = "s|t|i",
        EventType = "t",
        Kind = kind,
        RunKey = $"{ns}/r",
        Namespace = ns,
        Name = "r",
        State = CiState.Running,
    };
}
