using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.RunView;

/// <summary>
/// <c>GET /api/v1/runs</c> end to end: real HTTP into an all-in-one node, runs posted as Tekton CloudEvents, the
/// listing read back through the run index. Each test uses namespaces of its own, so filters isolate its runs.
/// </summary>
[Collection(RunViewRelayCollection.Name)]
public sealed class RunListingApiTests(RunViewRelayFixture fixture)
{
    private const string Api = "/api/v1/runs";
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task A_run_is_listed_within_5_seconds_of_its_first_event_with_every_field()
    {
        var run = new TektonRun("list-" + Id(), NewNamespace()) { PullRequest = 7 };
        var posted = Stopwatch.StartNew();
        await PostAsync(run.PipelineRunEvent("running"));

        var item = await SingleRunAsync($"{Api}?namespace={run.Namespace}", TimeSpan.FromSeconds(5));

        Assert.True(posted.Elapsed < TimeSpan.FromSeconds(5), $"listed after {posted.Elapsed}");
        Assert.Equal(run.Namespace, item.GetProperty("namespace").GetString());
        Assert.Equal(run.Name, item.GetProperty("name").GetString());
        Assert.Equal(run.Uid, item.GetProperty("uid").GetString());
        Assert.Equal("webapp-ci", item.GetProperty("pipeline").GetString());
        Assert.Equal("running", item.GetProperty("state").GetString());
        Assert.Equal("acme/webapp", item.GetProperty("repository").GetString());
        Assert.Equal(run.Sha, item.GetProperty("commit").GetString());
        Assert.Equal(7, item.GetProperty("pr").GetInt64());
        Assert.Equal("github", item.GetProperty("provider").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("finished_at").ValueKind);
        Assert.True(item.GetProperty("first_event_at").GetDateTimeOffset() <= item.GetProperty("last_event_at").GetDateTimeOffset());
        var effects = item.GetProperty("effects");
        Assert.Equal(3, effects.EnumerateObject().Count());
        Assert.Equal(0, effects.GetProperty("dead_lettered").GetInt32());
        Assert.Equal(1, effects.GetProperty("delivered").GetInt32() + effects.GetProperty("pending").GetInt32());
        await Wait.UntilAsync(
            async () => (await SingleRunAsync($"{Api}?namespace={run.Namespace}")).GetProperty("effects").GetProperty("delivered").GetInt32() == 1,
            () => $"the pending status of {run.Name} counted as delivered");
    }

    [Fact]
    public async Task A_finished_run_shows_its_final_state_and_finish_time()
    {
        var run = new TektonRun("done-" + Id(), NewNamespace());
        await PostAsync(run.PipelineRunEvent("running"));
        await PostAsync(run.PipelineRunEvent("successful", reason: "Succeeded", minute: 3));

        JsonElement item = default;
        await Wait.UntilAsync(
            async () => (item = await SingleRunAsync($"{Api}?namespace={run.Namespace}")).GetProperty("state").GetString() == "success",
            () => $"{run.Name} listed as success; item: {item}");

        Assert.Equal(JsonValueKind.String, item.GetProperty("finished_at").ValueKind);
    }

    [Fact]
    public async Task Filters_select_by_namespace_repository_commit_pr_state_and_undelivered()
    {
        var ns = NewNamespace();
        var plain = new TektonRun("plain-" + Id(), ns) { PullRequest = 1 };
        var other = new TektonRun("other-" + Id(), ns) { Owner = "acme", Repository = "api", PullRequest = 2 };
        var failed = new TektonRun("failed-" + Id(), ns) { PullRequest = 3 };
        await PostAsync(plain.PipelineRunEvent("running"));
        await PostAsync(other.PipelineRunEvent("running"));
        await PostAsync(other.PipelineRunEvent("failed", reason: "Failed", minute: 2));
        // The injected fault must hit the third run's status, not one of these.
        await Wait.UntilAsync(
            () => _github.StatusesFor(plain.Sha).Count == 1 && _github.StatusesFor(other.Sha).Any(s => s.State == "failure"),
            () => "the first two runs' statuses delivered");
        _github.FailNext(1, 422, body: """{"message":"injected 422"}""", routeContains: failed.Sha);
        await PostAsync(failed.PipelineRunEvent("running"));
        await Wait.UntilAsync(
            async () => (await NamesAsync($"{Api}?namespace={ns}&undelivered=true")).SequenceEqual([failed.Name]),
            () => $"only {failed.Name} listed as undelivered (its status dead-lettered)");
        await Wait.UntilAsync(
            async () => (await NamesAsync($"{Api}?namespace={ns}&state=failure")).SequenceEqual([other.Name]),
            () => $"{other.Name} listed as failure");

        Assert.Equal(3, (await NamesAsync($"{Api}?namespace={ns}")).Count);
        Assert.Empty(await NamesAsync($"{Api}?namespace={ns}-none"));
        Assert.Equal([other.Name], await NamesAsync($"{Api}?namespace={ns}&repository=acme/api"));
        Assert.Equal([other.Name], await NamesAsync($"{Api}?namespace={ns}&repository=ACME/Api"));
        Assert.Equal([plain.Name], await NamesAsync($"{Api}?commit={plain.Sha}"));
        Assert.Equal([plain.Name], await NamesAsync($"{Api}?commit={plain.Sha.ToUpperInvariant()}"));
        Assert.Equal([failed.Name], await NamesAsync($"{Api}?namespace={ns}&pr=3"));
        Assert.Equal([plain.Name], await NamesAsync($"{Api}?namespace={ns}&repository=acme/webapp&state=running&pr=1"));
        var failedItem = await SingleRunAsync($"{Api}?namespace={ns}&undelivered=true");
        Assert.Equal(1, failedItem.GetProperty("effects").GetProperty("dead_lettered").GetInt32());
        Assert.Equal(3, (await NamesAsync($"{Api}?namespace={ns}&undelivered=false")).Count);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_newest_first_and_end_with_a_null_cursor()
    {
        var ns = NewNamespace();
        var runs = Enumerable.Range(0, 5).Select(i => new TektonRun($"page-{i}-" + Id(), ns)).ToArray();
        foreach (var run in runs)
        {
            await PostAsync(run.PipelineRunEvent("running"));
        }

        await Wait.UntilAsync(async () => (await NamesAsync($"{Api}?namespace={ns}")).Count == 5, () => "all five runs listed");

        var seen = new List<string>();
        var firsts = new List<DateTimeOffset>();
        string? cursor = null;
        var pages = new List<int>();
        do
        {
            var page = await GetJsonAsync($"{Api}?namespace={ns}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            var items = page.GetProperty("items").EnumerateArray().ToArray();
            pages.Add(items.Length);
            seen.AddRange(items.Select(i => i.GetProperty("name").GetString()!));
            firsts.AddRange(items.Select(i => i.GetProperty("first_event_at").GetDateTimeOffset()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(runs.Select(r => r.Name).Order(), seen.Order());
        Assert.Equal(firsts.OrderDescending(), firsts);
        // Posted one after the other: the newest run comes first.
        Assert.Equal(runs[^1].Name, seen[0]);
        Assert.Equal(runs[0].Name, seen[^1]);
    }

    [Fact]
    public async Task Limit_defaults_to_50_and_500_is_the_most()
    {
        var ns = NewNamespace();
        for (var i = 0; i < 51; i++)
        {
            await PostAsync(new TektonRun($"many-{i}-" + Id(), ns) { Annotated = false }.PipelineRunEvent("running"));
        }

        await Wait.UntilAsync(async () => (await NamesAsync($"{Api}?namespace={ns}&limit=500")).Count == 51, () => "all 51 runs listed");

        var first = await GetJsonAsync($"{Api}?namespace={ns}");
        Assert.Equal(50, first.GetProperty("items").GetArrayLength());
        var rest = await GetJsonAsync($"{Api}?namespace={ns}&cursor={Uri.EscapeDataString(first.GetProperty("next_cursor").GetString()!)}");
        Assert.Equal(1, rest.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next_cursor").ValueKind);
        var item = rest.GetProperty("items")[0];
        Assert.Equal(JsonValueKind.Null, item.GetProperty("repository").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("commit").ValueKind);
    }

    [Theory]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("repository=acme", "repository")]
    [InlineData("repository=acme/webapp/extra", "repository")]
    [InlineData("commit=abc123", "commit")]
    [InlineData("commit=zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", "commit")]
    [InlineData("pr=abc", "pr")]
    [InlineData("pr=0", "pr")]
    [InlineData("state=green", "state")]
    [InlineData("undelivered=maybe", "undelivered")]
    [InlineData("namespace=a&namespace=b", "namespace")]
    [InlineData("repo=acme/webapp", "repo")]
    public async Task Bad_parameters_are_refused_with_400_naming_the_parameter(string query, string parameter)
    {
        using var response = await _relay.Http.GetAsync($"{Api}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(parameter, error.GetProperty("parameter").GetString());
        Assert.Contains(parameter, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static string Id() => Guid.NewGuid().ToString("N")[..8];

    private static string NewNamespace() => "ns-" + Id();

    private async Task PostAsync(TektonHttpEvent tektonEvent)
    {
        using var response = await _relay.PostAsync(tektonEvent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _relay.Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<IReadOnlyList<string>> NamesAsync(string path) =>
        [.. (await GetJsonAsync(path)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!)];

    private async Task<JsonElement> SingleRunAsync(string path, TimeSpan? deadline = null)
    {
        JsonElement items = default;
        await Wait.UntilAsync(async () => (items = (await GetJsonAsync(path)).GetProperty("items")).GetArrayLength() == 1, () => $"one run at {path}; got {items}", deadline);
        return items[0];
    }
}
