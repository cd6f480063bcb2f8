using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Relay.Integration.Tests.Actions;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.RunView;

/// <summary>
/// The run view in a real headless Chromium: Relay started in-process on a loopback port, runs posted as Tekton
/// CloudEvents, the pages opened by the browser and read from the DOM it built — what a person sees. The replay button
/// is a form: the test posts the form the page rendered (its action and fields, read from the DOM), as the browser
/// would on a click, then reloads the page. Screenshots go to <c>RELAY_RUN_VIEW_SCREENSHOTS</c> (docs/images) when set.
/// </summary>
[Collection(RunViewRelayCollection.Name)]
public sealed class RunViewBrowserTests(RunViewRelayFixture fixture)
{
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    [ChromiumFact]
    public async Task List_then_run_then_replaying_a_dead_letter_delivers_it_and_it_disappears()
    {
        var ns = "web-" + Id();
        var green = new TektonRun("webapp-ci-" + Id(), ns) { PullRequest = 41 };
        await PostAllAsync(green.SuccessfulLifecycle("build", "test"));
        await Wait.UntilAsync(() => _github.StatusesFor(green.Sha).Any(s => s.State == "success" && s.Context == "tekton/webapp-ci"), () => "the green run's final status");
        var red = new TektonRun("webapp-ci-" + Id(), ns) { PullRequest = 43 };
        await PostAllAsync([red.PipelineRunEvent("running"), red.TaskRunEvent("build", "running", minute: 1), red.TaskRunEvent("build", "failed", reason: "Failed", message: "exit code 2", minute: 2), red.PipelineRunEvent("failed", reason: "Failed", minute: 3)]);
        await Wait.UntilAsync(() => _github.StatusesFor(red.Sha).Any(s => s.State == "failure" && s.Context == "tekton/webapp-ci"), () => "the red run's failure status");

        // Rows are delivered in parallel: the earlier runs' last statuses may still be on their way, and the fault below
        // goes to whichever request comes next.
        await _relay.WaitUntilDrainedAsync(green);
        await _relay.WaitUntilDrainedAsync(red);

        // GitHub refuses the next status for good (404): it becomes a dead letter of this run.
        var run = new TektonRun("webapp-ci-" + Id(), ns) { PullRequest = 42 };
        _github.FailNext(1, 404, body: """{"message":"Not Found"}""", routeContains: run.Sha);
        await PostAllAsync([run.PipelineRunEvent("running")]);
        await Wait.UntilAsync(async () => (await DeadLetterIdsAsync(run)).Count == 1, () => $"the dead letter of {run.Name}");
        await PostAllAsync([run.TaskRunEvent("build", "running", minute: 1), run.TaskRunEvent("build", "successful", minute: 2)]);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Any(s => s.Context == "tekton/webapp-ci/build" && s.State == "success"), () => "the build task's statuses");

        // The list: the three runs, newest first, each linking to its page.
        var list = await Chromium.DumpDomAsync(Url($"/ui?namespace={ns}"));
        var rows = list.QuerySelectorAll("table#runs tbody tr").ToArray();
        Assert.Equal([run.Name, red.Name, green.Name], rows.Select(r => Cell(r, 0)));
        Assert.Equal(["running", "failure", "success"], rows.Select(r => Cell(r, 3)));
        Assert.Equal("1", Cell(rows[0], 11));
        var link = rows[0].QuerySelector("td a")!.GetAttribute("href");
        Assert.Equal($"/ui/runs/{ns}/{run.Name}", link);
        await ScreenshotAsync($"/ui?namespace={ns}", "run-view-list.png", 1400, 560);

        // The run: facts, tasks, timeline, effects with the dead-lettered one, and its dead letter with a replay form.
        var page = await Chromium.DumpDomAsync(Url(link!));
        Assert.Equal($"Run {run.Name}", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("running", page.QuerySelector("#run-state")!.TextContent);
        Assert.Equal(["(pipeline run)", "build"], page.QuerySelectorAll("table#tasks tbody tr").Select(r => Cell(r, 0)));
        Assert.Equal("success", Cell(page.QuerySelectorAll("table#tasks tbody tr")[1], 3));
        var timeline = page.QuerySelectorAll("table#timeline tbody tr").ToArray();
        Assert.Equal(3, timeline.Length);
        Assert.Equal(["running", "running", "success"], timeline.Select(r => Cell(r, 4)));
        Assert.Contains("pipelinerun", Cell(timeline[0], 1), StringComparison.Ordinal);
        Assert.Equal(
            ["Provider", "Target", "Context", "State", "Delivery", "Delivered at", "Attempts", "Last error", "Link"],
            page.QuerySelectorAll("table#effects thead th").Select(th => th.TextContent));
        var failed = EffectRow(page, "tekton/webapp-ci");
        Assert.Equal(("github", "dead-lettered", "1", "–"), (Cell(failed, 0), Cell(failed, 4), Cell(failed, 6), Cell(failed, 8)));
        Assert.Equal($"acme/webapp@{run.Sha[..10]}", Cell(failed, 1));
        Assert.Contains("404", Cell(failed, 7), StringComparison.Ordinal);
        var delivered = EffectRow(page, "tekton/webapp-ci/build");
        Assert.Equal(("success", "delivered"), (Cell(delivered, 3), Cell(delivered, 4)));
        Assert.Equal($"{_github.BaseUrl.Replace("/api/", "", StringComparison.Ordinal)}/acme/webapp/commit/{run.Sha}", delivered.QuerySelector("a")!.GetAttribute("href"));
        var letter = Assert.Single(page.QuerySelectorAll("table#dead-letters tbody tr"));
        var letterId = (await DeadLetterIdsAsync(run)).Single();
        Assert.Equal(letterId, Cell(letter, 0));
        await ScreenshotAsync(link!, "run-view-run.png", 1400, 1250);

        // Replay: post the form the page rendered, as the browser does on a click.
        var form = (IHtmlFormElement)letter.QuerySelector("form")!;
        Assert.Equal("post", form.Method, ignoreCase: true);
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var browser = new HttpClient(handler) { BaseAddress = _relay.BaseAddress };
        var fields = form.Elements.OfType<IHtmlInputElement>().Where(i => i.Name is not null).Select(i => KeyValuePair.Create(i.Name!, i.Value));
        using var posted = await browser.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        var back = posted.Headers.Location!.OriginalString;
        Assert.StartsWith($"{link}?replayed={letterId}&outcome=enqueued", back, StringComparison.Ordinal);
        var notice = await Chromium.DumpDomAsync(Url(back));
        Assert.Contains($"Dead letter {letterId} replayed", notice.QuerySelector("p.notice")!.TextContent, StringComparison.Ordinal);

        IHtmlDocument after = notice;
        await Wait.UntilAsync(
            async () => (after = await Chromium.DumpDomAsync(Url(link!))).QuerySelector("#no-dead-letters") is not null,
            () => $"the dead letter gone from the page of {run.Name}; dead letters shown: {after.QuerySelectorAll("table#dead-letters tbody tr").Length}");
        var replayed = EffectRow(after, "tekton/webapp-ci");
        Assert.Equal("delivered", Cell(replayed, 4));
        Assert.Equal("open", replayed.QuerySelector("a")!.TextContent);
        Assert.Contains(_github.StatusesFor(run.Sha), s => s.Context == "tekton/webapp-ci" && s.State == "pending");
        var listed = (await Chromium.DumpDomAsync(Url($"/ui?namespace={ns}&undelivered=true"))).QuerySelectorAll("table#runs tbody tr");
        Assert.Empty(listed);
    }

    [ChromiumFact]
    public async Task Values_from_users_are_shown_as_text_never_as_markup()
    {
        var run = new TektonRun("escape-" + Id(), "esc-" + Id());
        const string message = "<b id=\"injected\">bold</b><script>document.title='owned'</script>";
        await PostAllAsync([run.PipelineRunEvent("running"), run.TaskRunEvent("lint", "failed", reason: "Failed", message: message, minute: 1)]);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Any(s => s.State == "failure"), () => "the lint failure status");

        var page = await Chromium.DumpDomAsync(Url($"/ui/runs/{run.Namespace}/{run.Name}"));

        Assert.Null(page.GetElementById("injected"));
        Assert.Equal($"Run {run.Name} · Relay", page.Title);
        Assert.Contains(page.QuerySelectorAll("table#tasks td"), td => td.TextContent == message);
    }

    [ChromiumFact]
    public async Task A_bad_filter_shows_the_problem_on_the_list_page()
    {
        var page = await Chromium.DumpDomAsync(Url("/ui?commit=abc"));

        Assert.Contains("commit: 'abc' is not a full commit sha", page.QuerySelector("p.problem")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("abc", ((IHtmlInputElement)page.QuerySelector("input[name=commit]")!).Value);
    }

    [Fact]
    public async Task A_replay_form_posted_from_another_site_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ui/dead-letters/some-id/replay") { Content = new FormUrlEncodedContent([]) };
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await _relay.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_run_and_unknown_dead_letter_answer_404_pages()
    {
        using var run = await _relay.Http.GetAsync("/ui/runs/nowhere/nothing-" + Id());
        using var replay = await _relay.Http.PostAsync("/ui/dead-letters/no-such-letter/replay", new FormUrlEncodedContent([]));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (run.StatusCode, replay.StatusCode));
        Assert.Equal("text/html", run.Content.Headers.ContentType!.MediaType);
        Assert.Contains("Run not found", await run.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string Id() => Guid.NewGuid().ToString("N")[..8];

    private Uri Url(string path) => new(_relay.BaseAddress, path);

    private static string Cell(IElement row, int index) => row.QuerySelectorAll("td")[index].TextContent;

    private static IElement EffectRow(IHtmlDocument page, string context) =>
        page.QuerySelectorAll("table#effects tbody tr").Single(r => r.GetAttribute("data-context") == context);

    private async Task PostAllAsync(IEnumerable<TektonHttpEvent> events)
    {
        foreach (var tektonEvent in events)
        {
            using var response = await _relay.PostAsync(tektonEvent);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private async Task<IReadOnlyList<string>> DeadLetterIdsAsync(TektonRun run)
    {
        using var response = await _relay.Http.GetAsync($"/api/v1/dead-letters?run={Uri.EscapeDataString($"{run.Namespace}/{run.Name}")}");
        var page = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!)];
    }

    /// <summary>A screenshot of the page, checked to be a PNG; kept in <c>RELAY_RUN_VIEW_SCREENSHOTS</c> when set.</summary>
    private async Task ScreenshotAsync(string path, string name, int width, int height)
    {
        var directory = Environment.GetEnvironmentVariable("RELAY_RUN_VIEW_SCREENSHOTS") is { Length: > 0 } kept ? kept : Path.GetTempPath();
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, name);
        await Chromium.ScreenshotAsync(Url(path), file, width, height);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 1000 && bytes[1] == (byte)'P' && bytes[2] == (byte)'N' && bytes[3] == (byte)'G', $"{file} is not a PNG");
    }
}
