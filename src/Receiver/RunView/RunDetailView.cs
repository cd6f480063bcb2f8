using Relay.DeadLetters;
using Relay.Receiver.Api;
using Relay.Runs;

namespace Relay.Receiver.RunView;

/// <summary>
/// <c>/ui/runs/{namespace}/{name}</c>: one run — its facts, tasks and states, the timeline of events received, every
/// ledger row with its delivery, and its dead letters, each with a replay button (a plain form POST).
/// </summary>
internal static class RunDetailView
{
    /// <summary>A notice shown above the run (the outcome of a replay just made), or null.</summary>
    public sealed record Notice(string Text, bool Problem);

    public static string Render(RunSnapshot run, IReadOnlyList<DeadLetter> letters, ProviderLinks links, Notice? notice)
    {
        var name = run.Pipeline?.Name ?? NameOf(run.RunKey);
        var body = new Html().Tag("h1").Text("Run ").Element("span", name, ("class", "mono")).End("h1");
        if (notice is not null)
        {
            body.Element("p", notice.Text, ("class", notice.Problem ? "problem" : "notice"), ("role", "status"));
        }

        Facts(body, run);
        Tasks(body, run);
        Timeline(body, run);
        Effects(body, run, links, letters);
        DeadLetters(body, letters);
        body.Tag("p").Link(RunViewPaths.Run(run.RunKey), "Refresh").Text(" · ").Link("/api/v1/runs/" + ApiPath(run), "JSON").End("p");
        return RunViewLayout.Page("Run " + name, body);
    }

    /// <summary>No event of this run recorded (or it was forgotten after <c>run_ttl</c>).</summary>
    public static string RenderNotFound(string runKey)
    {
        var body = new Html().Element("h1", "Run not found")
            .Tag("p").Text("Relay has recorded no event of run ").Element("code", runKey)
            .Text(" (or forgot it after run_ttl). ").Link(RunViewPaths.Root, "Recent runs").End("p");
        return RunViewLayout.Page("Run not found", body);
    }

    private static void Facts(Html body, RunSnapshot run)
    {
        var state = run.Pipeline?.State is { } s ? RunListQueryString.Name(s) : "unknown";
        body.Raw("<dl class=\"facts\" id=\"facts\">");
        Fact(body, "Run key", run.RunKey);
        Fact(body, "Pipeline", run.PipelineName);
        body.Element("dt", "State").Element("dd", state, ("class", "state state-" + state), ("id", "run-state"));
        if (run.Scm is { } scm)
        {
            Fact(body, "Repository", $"{scm.Owner}/{scm.Repository}");
            Fact(body, "Commit", scm.CommitSha);
            Fact(body, "Pull request", scm.PullRequest is { } pr ? "#" + pr : null);
            Fact(body, "Provider", scm.Provider);
        }
        else
        {
            Fact(body, "Repository", "none: the run carries no SCM annotations, so Relay posts nothing for it");
        }

        Fact(body, "Uid", run.Uid);
        Fact(body, "Events recorded", run.EventsRecorded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Fact(body, "Waiting for delivery", run.OutboxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture));
        body.Raw("</dl>");
    }

    private static void Fact(Html body, string name, string? value) => body.Element("dt", name).Element("dd", value ?? "–");

    private static void Tasks(Html body, RunSnapshot run)
    {
        body.Element("h2", "Tasks");
        var resources = (run.Pipeline is { } top ? new[] { top } : []).Concat(run.Tasks).ToArray();
        if (resources.Length == 0)
        {
            body.Element("p", "No task reported yet.", ("class", "muted"));
            return;
        }

        body.Raw("<table id=\"tasks\">").HeaderRow("Task", "Resource", "Kind", "State", "Reason", "Message", "Started", "Completed").Raw("<tbody>");
        foreach (var task in resources)
        {
            var state = RunListQueryString.Name(task.State);
            body.Raw("<tr>")
                .Cell(task == run.Pipeline ? "(pipeline run)" : task.Name)
                .Cell(task.ResourceName, "mono")
                .Cell(task.Kind.ToString())
                .Cell(state + (task.TimedOut ? " (timed out)" : ""), "state state-" + state)
                .Cell(task.Reason)
                .Cell(task.Message)
                .TimeCell(task.StartTime)
                .TimeCell(task.CompletionTime)
                .Raw("</tr>");
        }

        body.Raw("</tbody></table>");
    }

    private static void Timeline(Html body, RunSnapshot run)
    {
        body.Element("h2", "Events received");
        if (run.Timeline.Count == 0)
        {
            body.Element("p", "No event in the timeline (recorded before this Relay version kept one).", ("class", "muted"));
            return;
        }

        body.Raw("<table id=\"timeline\">").HeaderRow("Received", "Event type", "Resource", "Task", "State", "Reason").Raw("<tbody>");
        foreach (var item in run.Timeline)
        {
            var state = RunListQueryString.Name(item.State);
            body.Raw("<tr>")
                .TimeCell(item.ReceivedAt)
                .Cell(item.EventType, "mono")
                .Cell(item.Resource, "mono")
                .Cell(item.Task)
                .Cell(state, "state state-" + state)
                .Cell(item.Reason)
                .Raw("</tr>");
        }

        body.Raw("</tbody></table>");
    }

    private static void Effects(Html body, RunSnapshot run, ProviderLinks links, IReadOnlyList<DeadLetter> letters)
    {
        body.Element("h2", "Effects");
        if (run.Ledger.Count == 0)
        {
            body.Element("p", run.Scm is null ? "None: no SCM target." : "None decided yet.", ("class", "muted"));
            return;
        }

        body.Raw("<table id=\"effects\">")
            .HeaderRow("Provider", "Target", "Context", "State", "Delivery", "Delivered at", "Attempts", "Last error", "Link")
            .Raw("<tbody>");
        foreach (var row in run.Ledger)
        {
            var delivery = DeliveryOf(row.Delivery);
            // Superseded: settled without posting, because a newer run owns the commit and context.
            var link = row.SupersededBy is null ? links.For(run.Scm, row) : null;
            // A dead-lettered row's attempts left the outbox with it: its dead letter counts them.
            var attempts = row.Attempts == 0 && letters.FirstOrDefault(l => l.Id == row.DeadLetterId) is { } letter ? letter.Attempts : row.Attempts;
            body.Tag("tr", ("data-context", row.Context))
                .Cell(row.Provider ?? ProviderOf(row.Action))
                .Cell(Target(run, row), "mono")
                .Cell(row.Context, "mono")
                .Cell(row.State)
                .Cell(row.SupersededBy is { } owner ? $"superseded by {owner}" : delivery, "delivery delivery-" + (row.SupersededBy is null ? delivery : "superseded"))
                .TimeCell(row.DeliveredAt)
                .Cell(attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Cell(row.LastError, "error");
            if (link is null)
            {
                body.Cell("–");
            }
            else
            {
                body.Tag("td").Link(link, "open").End("td");
            }

            body.End("tr");
        }

        body.Raw("</tbody></table>");
    }

    private static void DeadLetters(Html body, IReadOnlyList<DeadLetter> letters)
    {
        body.Element("h2", "Dead letters");
        if (letters.Count == 0)
        {
            body.Element("p", "None.", ("class", "muted"), ("id", "no-dead-letters"));
            return;
        }

        body.Raw("<table id=\"dead-letters\">").HeaderRow("Id", "Effect", "Cause", "Failed at", "Attempts", "Replays", "State", "").Raw("<tbody>");
        foreach (var letter in letters)
        {
            body.Tag("tr", ("data-dead-letter", letter.Id))
                .Cell(letter.Id, "mono")
                .Cell(letter.Summary ?? letter.LedgerKey, "mono")
                .Cell(letter.Cause, "error")
                .TimeCell(letter.FailedAt)
                .Cell(letter.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Cell(letter.Replays.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Cell(letter.State)
                .Tag("td")
                .Tag("form", ("method", "post"), ("action", RunViewPaths.Replay(letter.Id)), ("class", "replay"))
                .Tag("input", ("type", "hidden"), ("name", "run"), ("value", letter.RunKey))
                .Raw("<button type=\"submit\">Replay</button>")
                .End("form").End("td")
                .End("tr");
        }

        body.Raw("</tbody></table>");
    }

    /// <summary>The ledger's delivery in the run view's words.</summary>
    public static string DeliveryOf(string delivery) => delivery switch
    {
        "delivered" => "delivered",
        "failed" => "dead-lettered",
        _ => "pending",
    };

    private static string Target(RunSnapshot run, LedgerSnapshot row)
    {
        var repository = run.Scm is { } scm ? $"{scm.Owner}/{scm.Repository}" : "";
        if (row.Context.StartsWith('#') || row.Context.StartsWith("labels:#", StringComparison.Ordinal))
        {
            return repository + row.Context[row.Context.IndexOf('#', StringComparison.Ordinal)..];
        }

        var commit = row.Commit ?? run.Scm?.CommitSha;
        return commit is null ? repository : $"{repository}@{commit[..Math.Min(commit.Length, 10)]}";
    }

    private static string ProviderOf(string action)
    {
        var slash = action.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? action[..slash] : action;
    }

    private static string NameOf(string runKey) => runKey[(runKey.LastIndexOf('/') + 1)..];

    private static string ApiPath(RunSnapshot run) => string.Join('/', run.RunKey.Split('/').Select(Uri.EscapeDataString));
}
