using System.Text;
using System.Text.Json;
using Relay.Runs;
using Relay.Testing;
using Xunit;

namespace Relay.Receiver.Tekton.Tests;

public sealed class TektonEventDecoderTests
{
    private const string PrSha = "3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d";

    public static TheoryData<string> PlainFixtures() => new(TektonSamples.Fixtures.Where(s => s.Name.StartsWith("plain-", StringComparison.Ordinal)).Select(s => s.Name));

    public static TheoryData<string> PrFixtures() => new(TektonSamples.Fixtures.Where(s => s.Name.StartsWith("pr-", StringComparison.Ordinal)).Select(s => s.Name));

    [Theory]
    [MemberData(nameof(PlainFixtures))]
    public void Runs_without_relay_annotations_decode_without_a_reporting_target(string fixture)
    {
        var result = Decode(TektonSamples.Get(fixture));

        Assert.Equal(DecodeStatus.Decoded, result.Status);
        Assert.Null(result.Event!.Scm);
    }

    [Theory]
    [MemberData(nameof(PrFixtures))]
    public void Pr_fixtures_report_to_the_annotated_commit_of_their_pipeline_run(string fixture)
    {
        var relayEvent = Decode(TektonSamples.Get(fixture)).Event!;

        Assert.Equal("ci/shop-pr-7-q4w8z", relayEvent.RunKey);
        Assert.Equal("shop-ci", relayEvent.PipelineName);
        Assert.Equal("shop-pr-7-q4w8z", relayEvent.PipelineRunName);
        Assert.NotNull(relayEvent.Scm);
        Assert.Equal("github", relayEvent.Scm.Provider);
        Assert.Equal("acme", relayEvent.Scm.Owner);
        Assert.Equal("shop", relayEvent.Scm.Repository);
        Assert.Equal(PrSha, relayEvent.Scm.CommitSha);
        Assert.Equal(7, relayEvent.Scm.PullRequest);
    }

    [Fact]
    public void Fixtures_cover_every_run_kind_both_api_versions_and_both_content_modes()
    {
        var shapes = TektonSamples.Fixtures.Select(f => (Kind: Decode(f).Event!.Kind, Api: ApiVersion(f), f.IsStructured)).ToList();

        Assert.All(Enum.GetValues<RunKind>(), kind => Assert.Contains(shapes, s => s.Kind == kind));
        Assert.Contains(shapes, s => s.Api == "tekton.dev/v1");
        Assert.Contains(shapes, s => s.Api == "tekton.dev/v1beta1");
        Assert.Contains(shapes, s => s.IsStructured);
        Assert.Contains(shapes, s => !s.IsStructured);
    }

    [Fact]
    public void Every_event_of_the_shared_corpus_decodes_when_it_is_present()
    {
        // ../shared/samples is an extra corpus beside the repository; a plain clone has none and checks nothing here.
        Assert.All(TektonSamples.Shared, sample =>
        {
            var result = Decode(sample);
            Assert.Equal(DecodeStatus.Decoded, result.Status);
            if (sample.Name.StartsWith("real-", StringComparison.Ordinal))
            {
                Assert.Null(result.Event!.Scm);
            }
            else if (sample.Name.StartsWith("pr-", StringComparison.Ordinal))
            {
                Assert.NotNull(result.Event!.Scm);
            }
        });
    }

    [Theory]
    [InlineData("pr-01", RunKind.PipelineRun, null, CiState.Pending)]
    [InlineData("pr-02", RunKind.PipelineRun, null, CiState.Running)]
    [InlineData("pr-03", RunKind.TaskRun, "unit", CiState.Queued)]
    [InlineData("pr-04", RunKind.TaskRun, "unit", CiState.Pending)]
    [InlineData("pr-05", RunKind.TaskRun, "unit", CiState.Running)]
    [InlineData("pr-06", RunKind.TaskRun, "unit", CiState.Success)]
    [InlineData("pr-07", RunKind.CustomRun, "approve", CiState.Pending)]
    [InlineData("pr-08", RunKind.CustomRun, "approve", CiState.Running)]
    [InlineData("pr-09", RunKind.CustomRun, "approve", CiState.Success)]
    [InlineData("pr-10", RunKind.PipelineRun, null, CiState.Success)]
    public void Pr_fixtures_decode_to_their_kind_task_and_state(string fixture, RunKind kind, string? pipelineTask, CiState state)
    {
        var relayEvent = Decode(TektonSamples.Get(fixture)).Event!;

        Assert.Equal(kind, relayEvent.Kind);
        Assert.Equal(pipelineTask, relayEvent.PipelineTask);
        Assert.Equal(state, relayEvent.State);
    }

    [Fact]
    public void Event_key_joins_source_type_and_id()
    {
        var sample = TektonSamples.Get("pr-06");

        var relayEvent = Decode(sample).Event!;

        Assert.Equal($"/apis///namespaces/ci//shop-pr-7-q4w8z-unit|dev.tekton.event.taskrun.successful.v1|{sample.Id}", relayEvent.EventKey);
    }

    [Fact]
    public void Standalone_task_run_gets_its_own_run_key_and_reports_under_its_task()
    {
        var relayEvent = Decode(TektonSamples.Get("plain-01")).Event!;

        Assert.Equal("builds/taskrun/image-build-7xk2d", relayEvent.RunKey);
        Assert.Null(relayEvent.PipelineRunName);
        Assert.Equal("kaniko-build", relayEvent.PipelineName);
    }

    [Fact]
    public void Task_run_in_a_pipeline_links_to_its_pipeline_run()
    {
        var relayEvent = Decode(TektonSamples.Get("plain-02")).Event!;

        Assert.Equal("builds/nightly-release-m2n5p", relayEvent.RunKey);
        Assert.Equal("compile", relayEvent.PipelineTask);
        Assert.Equal(CiState.Failure, relayEvent.State);
        Assert.Contains("exited with code 1", relayEvent.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_run_without_annotations_key_is_decoded()
    {
        var relayEvent = Decode(TektonSamples.Get("plain-03")).Event!;

        Assert.Equal(CiState.Running, relayEvent.State);
        Assert.Equal("nightly-release", relayEvent.PipelineName);
    }

    [Fact]
    public void Task_results_are_read_from_v1beta1_task_results()
    {
        var relayEvent = Decode(TektonSamples.Get("pr-06")).Event!;

        Assert.Equal("81.4%", relayEvent.Results["coverage"]);
    }

    [Fact]
    public void V1_results_field_is_read_too()
    {
        var body = """{"taskRun":{"metadata":{"name":"t","namespace":"ns"},"status":{"results":[{"name":"digest","value":"sha256:1"},{"name":"list","value":["a","b"]}]}}}""";

        var relayEvent = Decode("dev.tekton.event.taskrun.successful.v1", body).Event!;

        Assert.Equal("sha256:1", relayEvent.Results["digest"]);
        Assert.Equal("""["a","b"]""", relayEvent.Results["list"]);
    }

    [Fact]
    public void Alias_prefix_annotations_are_read_like_relay_annotations()
    {
        var run = new TektonRun("alias-run") { UseAliasPrefix = true };

        var relayEvent = Decode(run.PipelineRunEvent("running")).Event!;

        Assert.Equal(run.Sha, relayEvent.Scm!.CommitSha);
    }

    [Fact]
    public void The_run_s_creation_time_comes_from_its_own_event_never_from_a_child_s()
    {
        var created = new DateTimeOffset(2026, 11, 30, 10, 15, 0, TimeSpan.Zero);
        var run = new TektonRun("created-run") { CreatedAt = created };

        Assert.Equal(created, Decode(run.PipelineRunEvent("running")).Event!.RunCreatedAt);
        Assert.Null(Decode(run.TaskRunEvent("build", "running")).Event!.RunCreatedAt);
    }

    [Fact]
    public void Relay_annotations_win_over_pipelines_as_code()
    {
        // pr-* carry PAC labels for sha 7b1e0c… and relay annotations for 3c5d7e…
        Assert.Equal(PrSha, Decode(TektonSamples.Get("pr-02")).Event!.Scm!.CommitSha);
    }

    [Fact]
    public void Pipelines_as_code_labels_are_the_fallback()
    {
        var body = """
            {"pipelineRun":{"metadata":{"name":"pac-run","namespace":"ci","labels":{
              "pipelinesascode.tekton.dev/git-provider":"github","pipelinesascode.tekton.dev/url-org":"acme",
              "pipelinesascode.tekton.dev/url-repository":"webapp","pipelinesascode.tekton.dev/sha":"50b106cf735797d280b20ae829caac3b2e5aab90",
              "pipelinesascode.tekton.dev/pull-request":"7"}},"status":{}}}
            """;

        var scm = Decode("dev.tekton.event.pipelinerun.running.v1", body).Event!.Scm!;

        Assert.Equal(("github", "acme", "webapp", "50b106cf735797d280b20ae829caac3b2e5aab90", 7L), (scm.Provider, scm.Owner, scm.Repository, scm.CommitSha, scm.PullRequest!.Value));
    }

    [Fact]
    public void Runs_created_by_pipelines_as_code_without_relay_annotations_are_marked_as_such()
    {
        var pacOnly = """
            {"pipelineRun":{"metadata":{"name":"pac-run","namespace":"ci","labels":{
              "app.kubernetes.io/managed-by":"pipelinesascode.tekton.dev","pipelinesascode.tekton.dev/sha":"50b106cf735797d280b20ae829caac3b2e5aab90"}},"status":{}}}
            """;

        Assert.True(Decode("dev.tekton.event.pipelinerun.running.v1", pacOnly).ManagedByPipelinesAsCode);
        Assert.False(Decode(TektonSamples.Get("pr-01")).ManagedByPipelinesAsCode);   // PaC labels, but annotated for Relay
        Assert.False(Decode(TektonSamples.Get("plain-03")).ManagedByPipelinesAsCode);
    }

    [Theory]
    [InlineData("gitlab", "acme/platform/backend", "api")]          // GitLab: nested groups
    [InlineData("azure_devops", "Fabrikam Fiber", "Fabrikam Web")]   // Azure DevOps: spaces inside names
    [InlineData("gitea", "ünïcode-org", "repo.v2")]
    [InlineData("bitbucket-datacenter", "PROJ", "my_repo~1")]
    public void Owners_and_repositories_of_every_provider_are_accepted(string provider, string owner, string repo)
    {
        var scm = DecodeTarget(provider, owner, repo);

        Assert.NotNull(scm);
        Assert.Equal((provider, owner, repo), (scm.Provider, scm.Owner, scm.Repository));
    }

    [Theory]
    [InlineData("acme//backend", "api")]
    [InlineData("acme/./backend", "api")]
    [InlineData("acme/..", "api")]
    [InlineData("/acme", "api")]
    [InlineData("acme/", "api")]
    [InlineData("acme", "..")]
    [InlineData("acme", "a/b")]
    [InlineData("acme", "api?x=1")]
    [InlineData("acme", "api#frag")]
    [InlineData("acme%2F..", "api")]
    [InlineData("acme\\evil", "api")]
    [InlineData("acme/ backend", "api")]
    [InlineData("acme", "tab\tname")]
    public void Owners_and_repositories_that_could_escape_their_path_give_no_target(string owner, string repo)
    {
        Assert.Null(DecodeTarget("gitlab", owner, repo));
    }

    [Fact]
    public void Overlong_owners_and_names_give_no_target()
    {
        Assert.Null(DecodeTarget("gitlab", string.Join('/', Enumerable.Repeat(new string('a', 60), 5)), "api"));
        Assert.Null(DecodeTarget("gitlab", "acme", new string('a', 101)));
        Assert.NotNull(DecodeTarget("gitlab", string.Join('/', Enumerable.Repeat(new string('a', 60), 4)), new string('a', 100)));
    }

    [Theory]
    [InlineData("gitlab", "acme/platform")]
    [InlineData("forgejo", "acme")]
    [InlineData("bitbucket-cloud", "acme")]
    [InlineData("bitbucket-datacenter", "PROJ")]
    public void Pipelines_as_code_git_providers_and_nested_orgs_pass_through(string provider, string org)
    {
        var body = $$$$"""
            {"pipelineRun":{"metadata":{"name":"pac-run","namespace":"ci","labels":{
              "pipelinesascode.tekton.dev/git-provider":"{{{{provider}}}}","pipelinesascode.tekton.dev/url-org":"{{{{org}}}}",
              "pipelinesascode.tekton.dev/url-repository":"webapp","pipelinesascode.tekton.dev/sha":"50b106cf735797d280b20ae829caac3b2e5aab90",
              "pipelinesascode.tekton.dev/pull-request":"7"}},"status":{}}}
            """;

        var scm = Decode("dev.tekton.event.pipelinerun.running.v1", body).Event!.Scm!;

        Assert.Equal((provider, org, "webapp", 7L), (scm.Provider, scm.Owner, scm.Repository, scm.PullRequest!.Value));
    }

    private static Relay.Events.ScmTarget? DecodeTarget(string provider, string owner, string repo)
    {
        var annotations = new Dictionary<string, string>
        {
            ["relay.tekton.dev/scm.provider"] = provider,
            ["relay.tekton.dev/scm.repo-owner"] = owner,
            ["relay.tekton.dev/scm.repo-name"] = repo,
            ["relay.tekton.dev/scm.commit-sha"] = PrSha,
        };
        var body = JsonSerializer.Serialize(new { pipelineRun = new { metadata = new { name = "r", @namespace = "ci", annotations }, status = new { } } });
        return Decode("dev.tekton.event.pipelinerun.running.v1", body).Event!.Scm;
    }

    [Theory]
    [InlineData("relay.tekton.dev/scm.repo-owner", "acme/../../evil")]
    [InlineData("relay.tekton.dev/scm.commit-sha", "main; rm -rf")]
    [InlineData("relay.tekton.dev/scm.repo-name", "")]
    public void Unusable_repository_annotations_give_no_target(string key, string value)
    {
        var annotations = new Dictionary<string, string>
        {
            ["relay.tekton.dev/scm.provider"] = "github",
            ["relay.tekton.dev/scm.repo-owner"] = "acme",
            ["relay.tekton.dev/scm.repo-name"] = "webapp",
            ["relay.tekton.dev/scm.commit-sha"] = PrSha,
        };
        annotations[key] = value;
        var body = JsonSerializer.Serialize(new { pipelineRun = new { metadata = new { name = "r", @namespace = "ci", annotations }, status = new { } } });

        Assert.Null(Decode("dev.tekton.event.pipelinerun.running.v1", body).Event!.Scm);
    }

    [Theory]
    [InlineData("dev.tekton.event.triggers.started.v1")]
    [InlineData("dev.tekton.event.run.started.v1")]
    [InlineData("dev.tekton.event.taskrun.exploded.v1")]
    [InlineData("dev.tekton.event.v1")]
    [InlineData("dev.tekton.event..v1")]
    [InlineData("dev.tekton.event.")]
    [InlineData("com.example.something")]
    public void Other_event_types_are_unsupported(string type)
    {
        Assert.Equal(DecodeStatus.Unsupported, Decode(type, "{}").Status);
    }

    [Theory]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"taskRun\":{}}", "must hold an object under 'pipelineRun'")]
    [InlineData("{\"pipelineRun\":\"x\"}", "must hold an object under 'pipelineRun'")]
    [InlineData("{\"pipelineRun\":{}}", "metadata' is missing")]
    [InlineData("{\"pipelineRun\":{\"metadata\":{\"namespace\":\"ci\"}}}", "metadata.name")]
    [InlineData("{\"pipelineRun\":{\"metadata\":{\"name\":\"r\"}}}", "metadata.namespace")]
    [InlineData("{\"pipelineRun\":{\"metadata\":{\"name\":\"../r\",\"namespace\":\"ci\"}}}", "metadata.name")]
    [InlineData("{\"pipelineRun\":{\"metadata\":{\"name\":42,\"namespace\":\"ci\"}}}", "metadata.name")]
    public void Bodies_that_are_not_a_run_are_invalid_with_a_clear_message(string body, string expected)
    {
        var result = Decode("dev.tekton.event.pipelinerun.running.v1", body);

        Assert.Equal(DecodeStatus.Invalid, result.Status);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_in_optional_fields_are_ignored_not_fatal()
    {
        var body = """{"pipelineRun":{"metadata":{"name":"r","namespace":"ci","labels":{"tekton.dev/pipeline":5},"annotations":"x"},"status":{"conditions":"nope","startTime":17,"pipelineResults":{"a":1}}}}""";

        var relayEvent = Decode("dev.tekton.event.pipelinerun.failed.v1", body).Event!;

        Assert.Equal(CiState.Failure, relayEvent.State);
        Assert.Null(relayEvent.StartTime);
        Assert.Equal("r", relayEvent.PipelineName);
    }

    private static DecodeResult Decode(TektonHttpEvent sample)
    {
        using var document = JsonDocument.Parse(sample.Data);
        return TektonEventDecoder.Decode(new TektonCloudEvent(sample.Id, sample.Source, sample.Type, null, document.RootElement.Clone()));
    }

    private static string? ApiVersion(TektonHttpEvent sample)
    {
        using var document = JsonDocument.Parse(sample.Data);
        var resource = document.RootElement.EnumerateObject().First().Value;
        return resource.TryGetProperty("apiVersion", out var version) ? version.GetString() : null;
    }

    private static DecodeResult Decode(string type, string body)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(body));
        return TektonEventDecoder.Decode(new TektonCloudEvent("id-1", "/apis///namespaces/ci//r", type, null, document.RootElement.Clone()));
    }
}
