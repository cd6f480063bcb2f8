using System.Text;
using Relay.Runs;

namespace Relay.Grains.Summaries;

/// <summary>Relay's built-in run summary (SPEC §4): a heading with the pipeline's state, then one table row per task.</summary>
internal static class SummaryMarkdown
{
    public static string Emoji(CiState state) => state switch
    {
        CiState.Success => "✅",
        CiState.Failure => "❌",
        CiState.Error => "⚠️",
        CiState.Canceled => "🚫",
        CiState.Running => "🔄",
        _ => "⏳",
    };

    /// <summary>"succeeded", "failed", … as a heading reads.</summary>
    public static string Verb(CiState state) => state switch
    {
        CiState.Success => "succeeded",
        CiState.Failure => "failed",
        CiState.Error => "could not run",
        CiState.Canceled => "was canceled",
        CiState.Running => "is running",
        CiState.Pending => "is pending",
        _ => "is queued",
    };

    /// <summary>"webapp-ci succeeded": the check run title and the first line of the summary.</summary>
    public static string Title(RunSummary run) => $"{run.Pipeline} {Verb(run.State)}";

    public static string Render(RunSummary run)
    {
        var text = new StringBuilder();
        text.Append("### ").Append(Emoji(run.State)).Append(" Pipeline `").Append(run.Pipeline).Append("` ").Append(Verb(run.State)).Append('\n');
        text.Append('\n');
        text.Append("**Run** `").Append(run.Namespace).Append('/').Append(run.Name).Append('`');
        if (run.Duration is { } took)
        {
            text.Append(" · **Duration** ").Append(took);
        }

        if (run.DashboardUrl is { } link)
        {
            text.Append(" · [Tekton Dashboard](").Append(link).Append(')');
        }

        text.Append('\n');
        if (run.State is CiState.Failure or CiState.Error && Detail(run.Message, run.Reason) is { } why)
        {
            text.Append('\n').Append("> ").Append(why).Append('\n');
        }

        if (run.Tasks.Count > 0)
        {
            text.Append('\n');
            text.Append("| Task | State | Duration | Reason |\n");
            text.Append("| --- | --- | --- | --- |\n");
            foreach (var task in run.Tasks)
            {
                text.Append("| ").Append(Cell(task.DisplayName))
                    .Append(" | ").Append(Emoji(task.State)).Append(' ').Append(task.State.ToWireName())
                    .Append(" | ").Append(task.Duration ?? "—")
                    .Append(" | ").Append(Cell(task.TimedOut ? "timed out" : task.Reason ?? ""))
                    .Append(" |\n");
            }
        }

        return text.ToString();
    }

    private static string? Detail(string? message, string? reason) =>
        !string.IsNullOrWhiteSpace(message) ? Cell(message.Trim()) : !string.IsNullOrWhiteSpace(reason) ? reason : null;

    /// <summary>Keeps a value inside its table cell: no pipes or line breaks.</summary>
    private static string Cell(string value) => value.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
