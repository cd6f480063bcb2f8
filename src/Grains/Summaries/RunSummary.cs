using Relay.Grains.Actions;
using Relay.Grains.Runs;
using Relay.Runs;

namespace Relay.Grains.Summaries;

/// <summary>
/// The read-only view of a run that summaries and templates see (SPEC §4): built from what the run grain holds,
/// never from GitHub. Template names are the snake_case keys of <see cref="ToTemplateModel"/> (docs/github.md).
/// </summary>
internal sealed record RunSummary
{
    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public required string Pipeline { get; init; }

    /// <summary><c>pipelinerun</c>, <c>taskrun</c> or <c>customrun</c>.</summary>
    public required string Kind { get; init; }

    public required CiState State { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Duration { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public string? DashboardUrl { get; init; }

    public string? Owner { get; init; }

    public string? Repository { get; init; }

    public string? Sha { get; init; }

    public long? PullRequest { get; init; }

    public long? Issue { get; init; }

    public required IReadOnlyList<TaskSummary> Tasks { get; init; }

    public IReadOnlyDictionary<string, string> Results { get; init; } = new Dictionary<string, string>();

    /// <summary>The run as the summary actions see it: the top-level record, else "running" while only tasks are known.</summary>
    public static RunSummary? From(PipelineRunGrainState run, string? dashboardUrl, AllowDenyOptions? taskFilter = null)
    {
        if (run.Run is null && run.Tasks.Count == 0)
        {
            return null;
        }

        var top = run.Run;
        var tasks = run.Tasks.Values
            .Where(t => taskFilter?.Allows(t.Name) ?? true)
            .OrderBy(t => t.StartTime ?? DateTimeOffset.MaxValue)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new TaskSummary
            {
                Name = t.Name,
                DisplayName = t.DisplayName ?? t.Name,
                State = t.State,
                TimedOut = t.TimedOut,
                Reason = t.Reason,
                Message = t.Message,
                Duration = StatusDescription.FormatDuration(t),
                Results = t.Results ?? new Dictionary<string, string>(),
            })
            .ToArray();
        return new RunSummary
        {
            Name = run.RunName ?? top?.ResourceName ?? "run",
            Namespace = run.Namespace ?? "",
            Pipeline = run.PipelineName ?? run.RunName ?? "run",
            Kind = run.Kind.ToString().ToLowerInvariant(),
            State = top?.State ?? CiState.Running,
            Reason = top?.Reason,
            Message = top?.Message,
            Duration = top is null ? null : StatusDescription.FormatDuration(top),
            StartedAt = top?.StartTime ?? run.Tasks.Values.Min(t => t.StartTime),
            CompletedAt = top?.State.IsTerminal() == true ? top.CompletionTime : null,
            DashboardUrl = dashboardUrl,
            Owner = run.Scm?.Owner,
            Repository = run.Scm?.Repository,
            Sha = run.Scm?.CommitSha,
            PullRequest = run.Scm?.PullRequest,
            Issue = run.Scm?.Issue,
            Tasks = tasks,
            Results = top?.Results ?? new Dictionary<string, string>(),
        };
    }

    /// <summary>The model templates render against: plain dictionaries and lists of strings and numbers, nothing else.</summary>
    public Dictionary<string, object?> ToTemplateModel(string summaryMarkdown) => new(StringComparer.Ordinal)
    {
        ["name"] = Name,
        ["namespace"] = Namespace,
        ["pipeline"] = Pipeline,
        ["kind"] = Kind,
        ["state"] = State.ToWireName(),
        ["emoji"] = SummaryMarkdown.Emoji(State),
        ["reason"] = Reason ?? "",
        ["message"] = Message ?? "",
        ["duration"] = Duration ?? "",
        ["started_at"] = StartedAt?.ToString("O") ?? "",
        ["completed_at"] = CompletedAt?.ToString("O") ?? "",
        ["dashboard_url"] = DashboardUrl ?? "",
        ["repository"] = Owner is null ? "" : $"{Owner}/{Repository}",
        ["sha"] = Sha ?? "",
        ["short_sha"] = Sha is { Length: > 7 } sha ? sha[..7] : Sha ?? "",
        ["pr_number"] = PullRequest is { } pr ? pr : "",
        ["issue_number"] = Issue is { } issue ? issue : "",
        ["results"] = Results.ToDictionary(r => r.Key, r => (object?)r.Value, StringComparer.Ordinal),
        ["summary"] = summaryMarkdown,
        ["tasks"] = Tasks.Select(t => (object?)new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["name"] = t.Name,
            ["display_name"] = t.DisplayName,
            ["state"] = t.State.ToWireName(),
            ["emoji"] = SummaryMarkdown.Emoji(t.State),
            ["reason"] = t.Reason ?? "",
            ["message"] = t.Message ?? "",
            ["duration"] = t.Duration ?? "",
            ["results"] = t.Results.ToDictionary(r => r.Key, r => (object?)r.Value, StringComparer.Ordinal),
        }).ToList(),
        ["counts"] = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["total"] = Tasks.Count,
            ["succeeded"] = Tasks.Count(t => t.State == CiState.Success),
            ["failed"] = Tasks.Count(t => t.State is CiState.Failure or CiState.Error),
            ["running"] = Tasks.Count(t => !t.State.IsTerminal()),
            ["canceled"] = Tasks.Count(t => t.State == CiState.Canceled),
        },
    };
}

/// <summary>One row of the summary table.</summary>
internal sealed record TaskSummary
{
    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    public required CiState State { get; init; }

    public bool TimedOut { get; init; }

    public string? Reason { get; init; }

    public string? Message { get; init; }

    public string? Duration { get; init; }

    public IReadOnlyDictionary<string, string> Results { get; init; } = new Dictionary<string, string>();
}
