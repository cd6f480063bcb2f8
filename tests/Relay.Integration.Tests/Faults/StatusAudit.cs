using Relay.Testing;

namespace Relay.Integration.Tests.Faults;

/// <summary>
/// What the fake GitHub holds for every run of some traffic, checked against what Tekton reported: every context ends
/// in the run's final state (all <see cref="TektonTraffic"/> runs succeed), each (context, state) was posted once, and
/// nothing came after a context's terminal state. The description names the runs that are wrong and how.
/// </summary>
public sealed class StatusAudit
{
    private const int Listed = 12;

    private StatusAudit(int runs, IReadOnlyList<RunProblem> problems)
    {
        RunCount = runs;
        Problems = problems;
    }

    public int RunCount { get; }

    /// <summary>One entry per run that is wrong.</summary>
    public IReadOnlyList<RunProblem> Problems { get; }

    public bool Clean => Problems.Count == 0;

    /// <summary>A status posted twice, or after the terminal one, cannot be taken back: waiting longer changes nothing.</summary>
    public bool Irreversible => Problems.Any(p => p.Duplicated.Count > 0 || p.AfterTerminal.Count > 0 || p.Unexpected.Count > 0);

    public static StatusAudit Of(FakeGitHubServer github, TektonTraffic traffic, string finalState = "success")
    {
        var runs = traffic.Runs;
        var problems = new List<RunProblem>();
        foreach (var run in runs)
        {
            var statuses = github.StatusesFor(run.Sha);
            var contexts = traffic.ContextsOf(run).ToArray();
            var byContext = contexts.ToDictionary(c => c, c => statuses.Where(s => s.Context == c).Select(s => s.State!).ToArray());
            var missing = byContext.Where(c => c.Value.Length == 0 || c.Value[^1] != finalState).Select(c => c.Key).ToArray();
            var duplicated = byContext.Where(c => c.Value.Distinct().Count() != c.Value.Length).Select(c => c.Key).ToArray();
            var afterTerminal = byContext.Where(c => Array.IndexOf(c.Value, finalState) is var i && i >= 0 && i < c.Value.Length - 1).Select(c => c.Key).ToArray();
            var unexpected = statuses.Select(s => s.Context ?? "").Where(c => !byContext.ContainsKey(c)).Distinct().ToArray();
            if (missing.Length + duplicated.Length + afterTerminal.Length + unexpected.Length > 0)
            {
                problems.Add(new RunProblem(run, statuses.Count, missing, duplicated, afterTerminal, unexpected,
                    string.Join("; ", byContext.Select(c => $"{c.Key} [{string.Join(", ", c.Value)}]"))));
            }
        }

        return new StatusAudit(runs.Count, problems);
    }

    public override string ToString()
    {
        if (Clean)
        {
            return $"all {RunCount} runs have every context in its final state, each status posted once";
        }

        var without = Problems.Count(p => p.Posted == 0);
        var missing = Problems.Count(p => p.MissingFinal.Count > 0);
        var duplicated = Problems.Count(p => p.Duplicated.Count > 0);
        var afterTerminal = Problems.Count(p => p.AfterTerminal.Count > 0);
        var unexpected = Problems.Count(p => p.Unexpected.Count > 0);
        var listed = string.Join(Environment.NewLine, Problems.Take(Listed).Select(p => "  " + p));
        var more = Problems.Count > Listed ? $"{Environment.NewLine}  ... and {Problems.Count - Listed} more" : "";
        return $"{Problems.Count} of {RunCount} runs wrong: {without} without any status at all, {missing} missing a final status on some context "
            + $"({Problems.Sum(p => p.MissingFinal.Count)} contexts), {duplicated} with a status posted twice, {afterTerminal} with a status after the terminal one, "
            + $"{unexpected} with unexpected contexts:{Environment.NewLine}{listed}{more}";
    }
}

/// <summary>How one run's statuses at GitHub differ from what its events said.</summary>
public sealed record RunProblem(
    TektonRun Run, int Posted, IReadOnlyList<string> MissingFinal, IReadOnlyList<string> Duplicated,
    IReadOnlyList<string> AfterTerminal, IReadOnlyList<string> Unexpected, string Statuses)
{
    public override string ToString()
    {
        var what = new List<string>();
        if (MissingFinal.Count > 0)
        {
            what.Add($"no final status on {string.Join(", ", MissingFinal)}");
        }

        if (Duplicated.Count > 0)
        {
            what.Add($"duplicates on {string.Join(", ", Duplicated)}");
        }

        if (AfterTerminal.Count > 0)
        {
            what.Add($"a status after the terminal one on {string.Join(", ", AfterTerminal)}");
        }

        if (Unexpected.Count > 0)
        {
            what.Add($"unexpected contexts {string.Join(", ", Unexpected)}");
        }

        return $"{Run.Name} ({Posted} statuses): {string.Join("; ", what)} -- {Statuses}";
    }
}
