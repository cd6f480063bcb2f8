using Relay.Runs;
using Relay.Runs.Index;

namespace Relay.Grains.Runs.Index;

/// <summary>Builds a run's index summary from the run grain's state. Pure over the state it is given.</summary>
internal static class RunSummaries
{
    /// <summary>The summary of <paramref name="run"/>, or null when the run is not listable (no event recorded, or forgotten).</summary>
    public static RunSummary? From(string runKey, PipelineRunGrainState run, DateTimeOffset now)
    {
        if (run.ForgottenAt is not null || run.LastEventAt is not { } lastEventAt || run.RecordedEvents.Count == 0)
        {
            return null;
        }

        int delivered = 0, pending = 0, deadLettered = 0;
        foreach (var row in run.Ledger.Values)
        {
            switch (row.Delivery)
            {
                case Delivery.Delivered:
                    delivered++;
                    break;
                case Delivery.Failed:
                    deadLettered++;
                    break;
                default:
                    pending++;
                    break;
            }
        }

        var state = StateOf(run);
        return new RunSummary
        {
            RunKey = runKey,
            Namespace = run.Namespace ?? NamespaceOf(runKey),
            Name = run.RunName ?? runKey[(runKey.LastIndexOf('/') + 1)..],
            Kind = run.Kind,
            Uid = run.Uid,
            Pipeline = run.PipelineName,
            State = state,
            Provider = run.Scm?.Provider,
            Repository = run.Scm is { } scm ? $"{scm.Owner}/{scm.Repository}" : null,
            Commit = run.Scm?.CommitSha,
            PullRequest = run.Scm?.PullRequest,
            FirstEventAt = lastEventAt,
            LastEventAt = lastEventAt,
            FinishedAt = state.IsTerminal() ? run.Run?.CompletionTime ?? run.Run?.LastTransitionTime ?? lastEventAt : null,
            Delivered = delivered,
            Pending = pending,
            DeadLettered = deadLettered,
            ReportedAt = now,
        };
    }

    /// <summary>
    /// The run's own state; until the PipelineRun itself reported, <c>running</c> once a task did (the pipeline has not
    /// said it finished), else <c>pending</c>.
    /// </summary>
    private static CiState StateOf(PipelineRunGrainState run) =>
        run.Run?.State ?? (run.Tasks.Count > 0 ? CiState.Running : CiState.Pending);

    private static string NamespaceOf(string runKey)
    {
        var slash = runKey.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? runKey[..slash] : runKey;
    }
}
