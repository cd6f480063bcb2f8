using System.Text.Json;
using Relay.Receiver.Diagnostics;
using Relay.Silo.Cli;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Cli;

/// <summary>
/// The <c>relay</c> verbs run in-process against a real Relay node (bearer auth, fake GitHub): what they print, and
/// that they exit 0 (done), 1 (failed), 2 (usage error) or 3 (not found) — and never start a server by mistake.
/// </summary>
[Collection(CliRelayCollection.Name)]
public sealed class CliTests(CliRelayFixture fixture)
{
    [Fact]
    public async Task Version_prints_the_build_and_with_output_json_only_its_json()
    {
        var line = await fixture.RunAsync(["version"]);
        var json = await fixture.RunAsync(["version", "--output", "json"]);

        Assert.Equal(0, line.Code);
        Assert.StartsWith($"relay {RelayBuildInfo.Version} (commit ", line.Output, StringComparison.Ordinal);
        Assert.Equal(0, json.Code);
        Assert.Equal(RelayBuildInfo.Version, json.Json().GetProperty("version").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", json.Json().GetProperty("version").GetString());
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--frobnicate")]
    [InlineData("--frobnicate", "1")]
    [InlineData("-x")]
    [InlineData("--no_such_section:key", "1")]
    [InlineData("--cluster:silo_port")]
    [InlineData("runs")]
    [InlineData("runs", "list", "--frobnicate")]
    [InlineData("runs", "show")]
    [InlineData("runs", "show", "only-a-name")]
    [InlineData("runs", "list", "--limit", "many")]
    [InlineData("dead-letters", "list", "extra")]
    [InlineData("dead-letters", "list", "--output", "yaml")]
    [InlineData("dead-letters", "replay")]
    [InlineData("dead-letters", "replay", "some-id", "--cause", "422")]
    [InlineData("dead-letters", "purge")]
    [InlineData("dead-letters", "list", "--server", "not a url")]
    [InlineData("dead-letters", "list", "--token-file", "/no/such/token/file")]
    public async Task Unknown_or_incomplete_command_lines_are_usage_errors_that_start_nothing(params string[] args)
    {
        var result = await fixture.RunAsync(args);

        Assert.True(result.Code == ExitCodes.Usage, result.ToString());
        Assert.Equal("", result.Output);
        Assert.StartsWith("relay: ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("--config", "/etc/relay/relay.yaml", "--urls", "http://0.0.0.0:8080")]
    [InlineData("--urls=http://0.0.0.0:8080", "--cluster:silo_port", "11111", "--cluster:gateway_port", "30000")]
    [InlineData("--server:management_port", "9090")]
    [InlineData("--server:management_port=9090", "/cluster:silo_port", "11112")]
    [InlineData("cluster:silo_port=11111", "--environment", "Production")]
    [InlineData("--Logging:LogLevel:Default", "Debug")]
    public async Task Server_arguments_start_the_server_with_the_arguments_as_given(params string[] args)
    {
        string[]? served = null;
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await RelayCommandLine.RunAsync(args, new CliConsole(output, error, terminal: false), a =>
        {
            served = a;
            return Task.CompletedTask;
        });

        Assert.Equal((0, ""), (code, error.ToString()));
        Assert.Equal(args, served);
    }

    [Fact]
    public async Task Dead_letters_list_shows_the_entry_as_a_table_and_as_json_alone()
    {
        var (run, id) = await fixture.DeadLetterAsync();

        var table = await fixture.RunAsync(["dead-letters", "list", "--run", CliRelayFixture.RunKey(run)]);
        var json = await fixture.RunAsync(["dead-letters", "list", "--run", CliRelayFixture.RunKey(run), "--output", "json"]);

        Assert.True(table.Code == 0, table.ToString());
        Assert.Contains(id, table.Output, StringComparison.Ordinal);
        Assert.Contains("injected 422", table.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 1 dead letter(s)", table.Output, StringComparison.Ordinal);
        Assert.True(json.Code == 0, json.ToString());
        var item = Assert.Single(json.Json().GetProperty("items").EnumerateArray());
        Assert.Equal((id, "failed"), (item.GetProperty("id").GetString(), item.GetProperty("state").GetString()));
        Assert.Equal("", json.Error);
    }

    [Fact]
    public async Task Runs_show_prints_the_runs_tasks_and_ledger_and_json_with_output_json()
    {
        var (run, id) = await fixture.DeadLetterAsync();

        var table = await fixture.RunAsync(["runs", "show", CliRelayFixture.RunKey(run)]);
        var json = await fixture.RunAsync(["runs", "show", CliRelayFixture.RunKey(run), "-o", "json"]);

        Assert.True(table.Code == 0, table.ToString());
        Assert.Contains(CliRelayFixture.RunKey(run), table.Output, StringComparison.Ordinal);
        // The ledger row of the refused status: its context, delivery failed, and the dead letter it left.
        var row = Assert.Single(table.Output.Split('\n'), l => l.Contains(id, StringComparison.Ordinal));
        Assert.Contains("tekton/webapp-ci", row, StringComparison.Ordinal);
        Assert.Contains(" failed ", row, StringComparison.Ordinal);
        Assert.True(json.Code == 0, json.ToString());
        Assert.Equal(CliRelayFixture.RunKey(run), json.Json().GetProperty("run_key").GetString());
    }

    [Fact]
    public async Task Runs_list_finds_the_run_by_commit_and_shows_its_dead_lettered_effect()
    {
        var (run, _) = await fixture.DeadLetterAsync();
        CliResult? json = null;

        // The listing's index takes the run within seconds of its first event.
        await Wait.UntilAsync(
            async () => (json = await fixture.RunAsync(["runs", "list", "--commit", run.Sha, "--output", "json"])).Code == 0
                        && json.Json().GetProperty("items").GetArrayLength() == 1
                        && json.Json().GetProperty("items")[0].GetProperty("effects").GetProperty("dead_lettered").GetInt32() == 1,
            () => $"run {run.Name} listed with its dead letter; last: {json}");
        var table = await fixture.RunAsync(["runs", "list", "--namespace", run.Namespace, "--undelivered", "--repository", $"{run.Owner}/{run.Repository}", "--limit", "500"]);

        var item = json!.Json().GetProperty("items")[0];
        Assert.Equal((run.Namespace, run.Name, run.Sha), (item.GetProperty("namespace").GetString(), item.GetProperty("name").GetString(), item.GetProperty("commit").GetString()));
        Assert.Equal(JsonValueKind.Null, json.Json().GetProperty("next_cursor").ValueKind);
        Assert.True(table.Code == 0, table.ToString());
        var row = Assert.Single(table.Output.Split('\n'), l => l.Contains($"{run.Namespace}/{run.Name}", StringComparison.Ordinal));
        Assert.Contains($"{run.Owner}/{run.Repository}", row, StringComparison.Ordinal);
        Assert.Contains(run.Sha[..12], row, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runs", "list", "--repository", "no-slash")]
    [InlineData("runs", "list", "--commit", "abc")]
    [InlineData("runs", "list", "--limit", "501")]
    public async Task A_run_filter_Relay_refuses_is_a_usage_error(params string[] args)
    {
        var result = await fixture.RunAsync(args);

        Assert.True(result.Code == ExitCodes.Usage, result.ToString());
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("runs", "show", "ci/no-such-run")]
    [InlineData("dead-letters", "replay", "no-such-dead-letter")]
    [InlineData("dead-letters", "purge", "no-such-dead-letter")]
    public async Task What_does_not_exist_exits_3(params string[] args)
    {
        var result = await fixture.RunAsync(args);

        Assert.True(result.Code == ExitCodes.NotFound, result.ToString());
        Assert.Equal("", result.Output);
        Assert.StartsWith("relay: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_value_Relay_refuses_is_a_usage_error_with_its_message()
    {
        var result = await fixture.RunAsync(["dead-letters", "list", "--state", "sleeping"]);

        Assert.True(result.Code == ExitCodes.Usage, result.ToString());
        Assert.Contains("'sleeping' is not a dead-letter state", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_operator_secret_or_without_a_server_the_verb_fails_with_1()
    {
        var anonymous = await fixture.RunAsync(["dead-letters", "list"], new Dictionary<string, string> { ["RELAY_SERVER"] = fixture.Server });
        using var wrongSecret = new TemporaryFile("not-the-secret");
        var wrong = await fixture.RunAsync(["dead-letters", "list", "--server", fixture.Server, "--token-file", wrongSecret.Path], new Dictionary<string, string>());
        var unreachable = await fixture.RunAsync(["runs", "show", "ci/x", "--server", $"http://127.0.0.1:{FreePort.Next()}"]);

        Assert.True(anonymous.Code == ExitCodes.Failed, anonymous.ToString());
        Assert.Contains("--token-file", anonymous.Error, StringComparison.Ordinal);
        Assert.True(wrong.Code == ExitCodes.Failed, wrong.ToString());
        Assert.True(unreachable.Code == ExitCodes.Failed, unreachable.ToString());
        Assert.Contains("cannot reach Relay", unreachable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_by_filter_follows_the_job_to_its_end_and_the_entry_is_delivered()
    {
        var (run, id) = await fixture.DeadLetterAsync();

        var result = await fixture.RunAsync(["dead-letters", "replay", "--run", CliRelayFixture.RunKey(run), "--output", "json"]);

        Assert.True(result.Code == 0, result.ToString());
        var job = result.Json();
        Assert.Equal(("succeeded", 1, 1, 0), (job.GetProperty("state").GetString(), job.GetProperty("total").GetInt32(), job.GetProperty("done").GetInt32(), job.GetProperty("failed").GetInt32()));
        Assert.Equal(1, job.GetProperty("outcomes").GetProperty("enqueued").GetInt32());
        await Wait.UntilAsync(() => fixture.GitHub.StatusesFor(run.Sha).Count == 1, () => $"the replayed status of {run.Name} ({id}) posted");
    }

    [Fact]
    public async Task Replay_by_filter_in_a_table_reports_the_finished_job()
    {
        var (run, _) = await fixture.DeadLetterAsync();

        var result = await fixture.RunAsync(["dead-letters", "replay", "--run", CliRelayFixture.RunKey(run), "--cause", "422"]);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("succeeded", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 1", result.Output, StringComparison.Ordinal);
        Assert.Contains("enqueued 1", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_of_one_entry_prints_its_outcome_and_purge_by_filter_counts_what_it_deleted()
    {
        var (replayed, replayedId) = await fixture.DeadLetterAsync();
        var (purged, _) = await fixture.DeadLetterAsync();

        var replay = await fixture.RunAsync(["dead-letters", "replay", replayedId]);
        var purge = await fixture.RunAsync(["dead-letters", "purge", "--run", CliRelayFixture.RunKey(purged), "-o", "json"]);
        var nothingLeft = await fixture.RunAsync(["dead-letters", "list", "--run", CliRelayFixture.RunKey(purged), "-o", "json"]);

        Assert.True(replay.Code == 0, replay.ToString());
        Assert.Equal($"{replayedId}: enqueued", replay.Output.Trim());
        Assert.True(purge.Code == 0, purge.ToString());
        Assert.Equal(1, purge.Json().GetProperty("purged").GetInt32());
        Assert.Equal(0, nothingLeft.Json().GetProperty("total").GetInt32());
        await Wait.UntilAsync(() => fixture.GitHub.StatusesFor(replayed.Sha).Count == 1, () => $"the replayed status of {replayed.Name} posted");
        Assert.Empty(fixture.GitHub.StatusesFor(purged.Sha));
    }

    /// <summary>A file with the given text, deleted at the end of the test.</summary>
    private sealed class TemporaryFile : IDisposable
    {
        public TemporaryFile(string text)
        {
            Path = System.IO.Path.GetTempFileName();
            File.WriteAllText(Path, text);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}

[CollectionDefinition(Name)]
public sealed class CliRelayCollection : ICollectionFixture<CliRelayFixture>
{
    public const string Name = "cli-relay";
}
