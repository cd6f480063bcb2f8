using System.CommandLine;

namespace Relay.Silo.Cli;

/// <summary>
/// The dead-letter filters as options, one per query parameter of <c>/api/v1/dead-letters</c> (docs/dead-letters.md):
/// <c>--provider</c>, <c>--state</c>, <c>--type</c>, <c>--action</c>, <c>--cause</c>, <c>--run</c>,
/// <c>--older-than</c>, <c>--newer-than</c>. Relay checks the values and a refusal is a usage error.
/// </summary>
internal sealed class DeadLetterFilterOptions
{
    private readonly (Option<string?> Option, string Parameter)[] _filters =
    [
        (new Option<string?>("--provider") { Description = "Exact provider, e.g. github" }, "provider"),
        (new Option<string?>("--state") { Description = "failed or replaying" }, "state"),
        (new Option<string?>("--type") { Description = "Action type: commit_status, check_run, pr_comment, …" }, "type"),
        (new Option<string?>("--action") { Description = "{instance}/{action name}, e.g. github/checks" }, "action"),
        (new Option<string?>("--cause") { Description = "Case-insensitive part of the cause, e.g. 422" }, "cause"),
        (new Option<string?>("--run") { Description = "Run key prefix: namespace/ or namespace/pipelinerun" }, "run"),
        (new Option<string?>("--older-than") { Description = "Failed longer ago than this: 10m, 24h, 7d", HelpName = "duration" }, "older_than"),
        (new Option<string?>("--newer-than") { Description = "Failed less long ago than this: 10m, 24h, 7d", HelpName = "duration" }, "newer_than"),
    ];

    public void AddTo(Command command)
    {
        foreach (var (option, _) in _filters)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The query parameters of the filters given.</summary>
    public IEnumerable<(string Name, string? Value)> Query(ParseResult parse) =>
        _filters.Select(f => (f.Parameter, parse.GetValue(f.Option)));

    /// <summary>Whether any filter was given.</summary>
    public bool Any(ParseResult parse) => _filters.Any(f => parse.GetValue(f.Option) is not null);
}
