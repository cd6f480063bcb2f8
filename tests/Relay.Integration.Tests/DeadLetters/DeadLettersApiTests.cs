using System.Net;
using System.Text.Json;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>
/// <c>/api/v1/dead-letters</c> end to end: real HTTP into an all-in-one node, a fake GitHub that refuses, then
/// replays and purges through the API. Each test uses its own run and filters on its run key.
/// </summary>
[Collection(DeadLetterRelayCollection.Name)]
public sealed class DeadLettersApiTests(DeadLetterRelayFixture fixture)
{
    private const string Api = "/api/v1/dead-letters";
    private readonly FakeGitHubServer _github = fixture.GitHub;
    private readonly RelayNode _relay = fixture.Relay;

    [Fact]
    public async Task Refused_status_is_listed_then_a_replay_posts_it_exactly_once_and_the_entry_leaves()
    {
        var run = NewRun();
        var letter = await DeadLetterOfAsync(run, 422);
        Assert.Contains("422", letter.GetProperty("cause").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, letter.GetProperty("attempts").GetInt32());
        Assert.Equal(422, letter.GetProperty("status_code").GetInt32());
        Assert.Equal(("failed", 0, "commit_status"), (letter.GetProperty("state").GetString(), letter.GetProperty("replays").GetInt32(), letter.GetProperty("type").GetString()));
        Assert.Equal(RunKey(run), letter.GetProperty("run_key").GetString());
        Assert.Empty(_github.StatusesFor(run.Sha));
        var id = letter.GetProperty("id").GetString()!;

        using var replay = await _relay.Http.PostAsync($"{Api}/{id}/replay", content: null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var answer = await JsonAsync(replay);
        Assert.Equal("enqueued", answer.GetProperty("outcome").GetString());
        Assert.Equal(("replaying", 1), (answer.GetProperty("entry").GetProperty("state").GetString(), answer.GetProperty("entry").GetProperty("replays").GetInt32()));
        await Wait.UntilAsync(
            async () => (await GetAsync($"{Api}/{id}")).StatusCode == HttpStatusCode.NotFound,
            () => $"dead letter {id} of {RunKey(run)} to leave after its delivery; statuses: {_github.StatusesFor(run.Sha).Count}");
        var status = Assert.Single(_github.StatusesFor(run.Sha));
        Assert.Equal(("pending", "tekton/webapp-ci"), (status.State, status.Context));
        using var again = await _relay.Http.PostAsync($"{Api}/{id}/replay", content: null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains(id, (await JsonAsync(again)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(_github.StatusesFor(run.Sha));
    }

    [Fact]
    public async Task Replay_of_an_entry_a_newer_event_has_since_delivered_posts_nothing()
    {
        var run = NewRun();
        var id = (await DeadLetterOfAsync(run, 401)).GetProperty("id").GetString()!;
        using (var success = await _relay.PostAsync(run.PipelineRunEvent("successful", reason: "Succeeded", minute: 2)))
        {
            Assert.Equal(HttpStatusCode.OK, success.StatusCode);
        }

        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => $"the success status of {run.Name} delivered");

        using var replay = await _relay.Http.PostAsync($"{Api}/{id}/replay", content: null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Contains((await JsonAsync(replay)).GetProperty("outcome").GetString(), new[] { "superseded", "already_delivered" });
        using var gone = await GetAsync($"{Api}/{id}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(["success"], _github.StatusesFor(run.Sha).Select(s => s.State));
    }

    [Fact]
    public async Task Filtered_bulk_replay_starts_a_job_whose_location_reports_the_matching_entries_replayed()
    {
        var run = NewRun();
        await DeadLetterOfAsync(run, 422);

        using var replay = await _relay.Http.PostAsync($"{Api}/replay?run={Uri.EscapeDataString(RunKey(run))}&cause=422", content: null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        var location = replay.Headers.Location!.OriginalString;
        var started = await JsonAsync(replay);
        Assert.Equal($"{Api}/replay-jobs/{started.GetProperty("id").GetString()}", location);
        Assert.Equal(1, started.GetProperty("total").GetInt32());
        JsonElement job = default;
        await Wait.UntilAsync(
            async () => (job = await JsonAsync(await GetAsync(location))).GetProperty("state").GetString() != "running",
            () => $"the replay job at {location} finished");
        Assert.Equal(("succeeded", 1, 1, 0), (job.GetProperty("state").GetString(), job.GetProperty("done").GetInt32(), job.GetProperty("replayed").GetInt32(), job.GetProperty("failed").GetInt32()));
        Assert.Equal(1, job.GetProperty("outcomes").GetProperty("enqueued").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, job.GetProperty("finished_at").ValueKind);
        await Wait.UntilAsync(() => _github.StatusesFor(run.Sha).Count == 1, () => $"the replayed status of {run.Name} delivered");
        await Wait.UntilAsync(async () => (await ListAsync(run)).GetProperty("total").GetInt32() == 0, () => $"the entry of {run.Name} removed");
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-job")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public async Task Unknown_replay_job_gets_404(string id)
    {
        using var response = await GetAsync($"{Api}/replay-jobs/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(id, (await JsonAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_removes_one_entry_and_purge_removes_the_matching_ones()
    {
        var first = NewRun();
        var second = NewRun();
        var id = (await DeadLetterOfAsync(first, 422)).GetProperty("id").GetString()!;
        await DeadLetterOfAsync(second, 404);

        using var deleted = await _relay.Http.DeleteAsync($"{Api}/{id}");
        using var deletedAgain = await _relay.Http.DeleteAsync($"{Api}/{id}");
        using var purged = await _relay.Http.DeleteAsync($"{Api}?run={Uri.EscapeDataString(RunKey(second))}&older_than=1ms");

        Assert.Equal((HttpStatusCode.NoContent, HttpStatusCode.NotFound), (deleted.StatusCode, deletedAgain.StatusCode));
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(1, (await JsonAsync(purged)).GetProperty("purged").GetInt32());
        Assert.Equal(0, (await ListAsync(second)).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task List_pages_with_a_cursor_and_omits_comment_bodies()
    {
        var runs = new[] { NewRun(), NewRun(), NewRun() };
        foreach (var run in runs)
        {
            await DeadLetterOfAsync(run, 422);
        }

        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await JsonAsync(await GetAsync($"{Api}?cause=422&limit=1&newer_than=10m{(cursor is null ? "" : "&cursor=" + cursor)}"));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(pages, ids.Count);
        foreach (var run in runs)
        {
            var item = Assert.Single((await ListAsync(run)).GetProperty("items").EnumerateArray());
            Assert.Contains(item.GetProperty("id").GetString(), ids);
            Assert.False(item.GetProperty("effect").GetProperty("payload").TryGetProperty("body", out var body) && body.ValueKind != JsonValueKind.Null);
        }
    }

    [Theory]
    [InlineData("?state=done", "state")]
    [InlineData("?older_than=soon", "older_than")]
    [InlineData("?newer_than=-5m", "newer_than")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?colour=red", "colour")]
    [InlineData("?state=failed&state=replaying", "state")]
    public async Task Bad_list_parameters_get_400_naming_the_parameter(string query, string parameter)
    {
        using var response = await GetAsync(Api + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await JsonAsync(response);
        Assert.Equal(parameter, error.GetProperty("parameter").GetString());
        Assert.Contains(parameter, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_replay_and_purge_without_a_filter_are_refused_unless_all_is_true()
    {
        using var replay = await _relay.Http.PostAsync($"{Api}/replay", content: null);
        using var purge = await _relay.Http.DeleteAsync(Api);
        using var badAll = await _relay.Http.DeleteAsync($"{Api}?all=yes");
        using var replayAll = await _relay.Http.PostAsync($"{Api}/replay?all=true", content: null);

        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("all=true", (await JsonAsync(replay)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, purge.StatusCode);
        Assert.Equal("all", (await JsonAsync(badAll)).GetProperty("parameter").GetString());
        Assert.Equal(HttpStatusCode.Accepted, replayAll.StatusCode);
        // The fake's faults go to whatever request comes next: let every replay land before another test injects one.
        await Wait.UntilAsync(
            async () => (await JsonAsync(await GetAsync($"{Api}?state=replaying"))).GetProperty("total").GetInt32() == 0,
            () => "every replayed entry delivered");
    }

    [Fact]
    public async Task Unknown_id_gets_404_from_get_replay_and_delete()
    {
        var id = "no-such-" + Guid.NewGuid().ToString("N")[..8];

        using var get = await GetAsync($"{Api}/{id}");
        using var replay = await _relay.Http.PostAsync($"{Api}/{id}/replay", content: null);
        using var delete = await _relay.Http.DeleteAsync($"{Api}/{id}");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], new[] { get.StatusCode, replay.StatusCode, delete.StatusCode });
        Assert.Contains(id, (await JsonAsync(get)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static TektonRun NewRun() => new("dl-" + Guid.NewGuid().ToString("N")[..10]);

    private static string RunKey(TektonRun run) => PipelineRunKey.For(run.Namespace, run.Name);

    /// <summary>Posts the run's running event while GitHub answers <paramref name="status"/> once; returns its dead letter (GET one).</summary>
    private async Task<JsonElement> DeadLetterOfAsync(TektonRun run, int status)
    {
        _github.FailNext(1, status, body: $$"""{"message":"injected {{status}}"}""");
        using (var response = await _relay.PostAsync(run.PipelineRunEvent("running")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        JsonElement page = default;
        await Wait.UntilAsync(
            async () => (page = await ListAsync(run)).GetProperty("total").GetInt32() == 1,
            () => $"one dead letter for {RunKey(run)} after GitHub answered {status}; list: {page}");
        var id = page.GetProperty("items")[0].GetProperty("id").GetString();
        using var one = await GetAsync($"{Api}/{id}");
        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        return await JsonAsync(one);
    }

    private async Task<JsonElement> ListAsync(TektonRun run)
    {
        using var response = await GetAsync($"{Api}?run={Uri.EscapeDataString(RunKey(run))}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonAsync(response);
    }

    private Task<HttpResponseMessage> GetAsync(string path) => _relay.Http.GetAsync(path);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }
}
