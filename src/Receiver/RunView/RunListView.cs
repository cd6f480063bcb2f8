using Relay.Receiver.Api;
using Relay.Runs.Index;

namespace Relay.Receiver.RunView;

/// <summary><c>/ui</c>: recent runs from the run index, with the listing API's filters as a plain GET form.</summary>
internal static class RunListView
{
    private static readonly string[] FilterFields = ["namespace", "repository", "commit", "pr"];

    /// <summary>The page for <paramref name="page"/>; <paramref name="request"/> fills the form and the next-page link.</summary>
    public static string Render(IQueryCollection request, RunListPage page)
    {
        var body = new Html().Element("h1", "Recent runs");
        Filters(body, request, problem: null);
        if (page.Items.Count == 0)
        {
            body.Element("p", "No run matches.", ("class", "muted"));
            return RunViewLayout.Page("Recent runs", body);
        }

        body.Raw("<table id=\"runs\">")
            .HeaderRow("Run", "Namespace", "Pipeline", "State", "Repository", "Commit", "PR", "First event", "Finished", "Delivered", "Pending", "Dead-lettered")
            .Raw("<tbody>");
        foreach (var run in page.Items)
        {
            var state = RunListQueryString.Name(run.State);
            body.Tag("tr", ("data-run", run.RunKey))
                .Tag("td").Link(RunViewPaths.Run(run.Namespace, run.Name, run.Kind), run.Name).End("td")
                .Cell(run.Namespace)
                .Cell(run.Pipeline)
                .Cell(state, "state state-" + state)
                .Cell(run.Repository)
                .Cell(run.Commit?[..Math.Min(run.Commit.Length, 10)], "mono")
                .Cell(run.PullRequest is { } pr ? "#" + pr : null)
                .TimeCell(run.FirstEventAt)
                .TimeCell(run.FinishedAt)
                .Cell(Count(run.Delivered), "delivery-delivered")
                .Cell(Count(run.Pending), run.Pending > 0 ? "delivery-pending" : null)
                .Cell(Count(run.DeadLettered), run.DeadLettered > 0 ? "delivery-dead-lettered" : null)
                .End("tr");
        }

        body.Raw("</tbody></table>");
        if (page.Next is { } next)
        {
            var query = request.Where(p => p.Key != "cursor").Select(p => (p.Key, p.Value.ToString())).Append(("cursor", next.Encode()));
            body.Tag("p").Link(RunViewPaths.Root + "?" + string.Join('&', query.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2))), "Older runs →", "next").End("p");
        }

        return RunViewLayout.Page("Recent runs", body);
    }

    /// <summary>The list page refusing its query: the form, and what is wrong.</summary>
    public static string RenderProblem(IQueryCollection request, ApiError error)
    {
        var body = new Html().Element("h1", "Recent runs");
        Filters(body, request, error.Message);
        return RunViewLayout.Page("Recent runs", body);
    }

    private static void Filters(Html body, IQueryCollection request, string? problem)
    {
        if (problem is not null)
        {
            body.Element("p", problem, ("class", "problem"), ("role", "alert"));
        }

        body.Tag("form", ("class", "filters"), ("method", "get"), ("action", RunViewPaths.Root));
        foreach (var field in FilterFields)
        {
            body.Tag("label").Text(field).Tag("input", ("name", field), ("value", Value(request, field) ?? "")).End("label");
        }

        var selected = Value(request, "state");
        body.Tag("label").Text("state").Tag("select", ("name", "state")).Element("option", "any", ("value", ""));
        foreach (var state in RunListQueryString.StateNames)
        {
            body.Element("option", state, ("value", state), ("selected", state == selected ? "selected" : null));
        }

        body.End("select").End("label")
            .Tag("label").Text("undelivered only")
            .Tag("input", ("type", "checkbox"), ("name", "undelivered"), ("value", "true"), ("checked", Value(request, "undelivered") == "true" ? "checked" : null))
            .End("label")
            .Raw("<button type=\"submit\">Filter</button>")
            .End("form");
    }

    private static string? Value(IQueryCollection request, string name) => request.TryGetValue(name, out var values) ? values.ToString() : null;

    private static string Count(int count) => count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
