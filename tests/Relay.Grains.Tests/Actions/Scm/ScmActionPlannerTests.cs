using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Relay.Grains.Actions.GitHub;
using Relay.Grains.Actions.GitHub.Tests;
using Relay.Grains.Actions.Gitea;
using Relay.Grains.Actions.GitLab;
using Relay.Grains.Runs;
using Relay.Runs;
using Xunit;

namespace Relay.Grains.Actions.Scm.Tests;

/// <summary>
/// What the SCM kit's planners plan, through the modules as registered: each provider's state words, contexts named
/// as for GitHub, one run comment per pull/merge request, and which module a run's <c>scm.provider</c> selects.
/// </summary>
public sealed class ScmActionPlannerTests
{
    [Theory]
    [InlineData(CiState.Queued, "pending", "pending")]
    [InlineData(CiState.Pending, "pending", "pending")]
    [InlineData(CiState.Running, "running", "pending")]
    [InlineData(CiState.Success, "success", "success")]
    [InlineData(CiState.Failure, "failed", "failure")]
    [InlineData(CiState.Error, "failed", "error")]
    [InlineData(CiState.Canceled, "canceled", "error")]
    public void Each_provider_posts_its_own_state_word(CiState state, string gitlab, string gitea)
    {
        Assert.Equal(gitlab, StatusOf(Plan(Config(), Run(state, "gitlab")), "tekton/webapp-ci").State);
        Assert.Equal(gitea, StatusOf(Plan(Config(), Run(state, "gitea")), "tekton/webapp-ci").State);
    }

    [Fact]
    public void Statuses_are_named_as_for_github_and_carry_the_dashboard_link()
    {
        var plan = Plan(Config(), Run(CiState.Running, "gitlab"));

        Assert.Equal(
            ["#42", "tekton/webapp-ci", "tekton/webapp-ci/build", "tekton/webapp-ci/test"],
            plan.Select(p => p.Context).Order(StringComparer.Ordinal));
        Assert.All(plan, p => Assert.Equal("gitlab", p.Effect.Provider));
        Assert.Equal("https://tekton.example.com/#/namespaces/ci/pipelineruns/webapp-run-1", StatusOf(plan, "tekton/webapp-ci/test").TargetUrl);
    }

    [Fact]
    public void Scm_context_replaces_the_base_context()
    {
        var run = Run(CiState.Running, "gitlab");
        run.Scm = run.Scm! with { Context = "ci/tekton" };

        Assert.Contains(Plan(Config(), run), p => p.Context == "ci/tekton/build");
    }

    [Fact]
    public void The_run_comment_is_one_row_per_pull_request_edited_in_place_with_a_hidden_marker()
    {
        var running = Plan(Config(), Run(CiState.Running, "forgejo")).Single(p => p.Context == "#42");
        var done = Plan(Config(), Run(CiState.Success, "forgejo")).Single(p => p.Context == "#42");

        Assert.Equal(running.Key, done.Key);
        Assert.NotEqual(running.ContentHash, done.ContentHash);
        Assert.True(done.EditsInPlace);
        var command = ScmJson.ReadCommand(done.Effect.Payload)!;
        Assert.Equal(("pr_comment", 42L, "<!-- relay:forgejo/summary:ci/webapp-run-1 -->"), (command.Type, command.Number, command.Marker));
        Assert.StartsWith(command.Marker + "\n", command.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_pull_request_there_is_no_comment()
    {
        var run = Run(CiState.Success, "gitlab");
        run.Scm = run.Scm! with { PullRequest = null };

        Assert.DoesNotContain(Plan(Config(), run), p => p.Context.StartsWith('#'));
    }

    [Theory]
    [InlineData("gitlab", "gitlab")]
    [InlineData("GitLab", "gitlab")]
    [InlineData("gitea", "gitea")]
    [InlineData("forgejo", "gitea")]     // the instance's name
    [InlineData("github", "github")]
    [InlineData("bitbucket-cloud", null)]
    public void Scm_provider_selects_exactly_one_module(string provider, string? module)
    {
        var providers = Plan(Config(), Run(CiState.Running, provider, owner: "acme")).Select(p => p.Effect.Provider).Distinct().ToList();

        Assert.Equal(module is null ? [] : [module], providers);
    }

    [Fact]
    public void Forgejo_as_a_kind_selects_the_first_gitea_instance()
    {
        var config = Config();
        config["scm:gitea:0:name"] = "codeberg";

        Assert.Equal(["gitea"], Plan(config, Run(CiState.Running, "forgejo")).Select(p => p.Effect.Provider).Distinct());
        Assert.All(Plan(config, Run(CiState.Running, "forgejo")), p => Assert.Equal("codeberg", p.Effect.Instance));
    }

    [Fact]
    public void An_instance_name_wins_over_a_kind_whichever_module_has_it()
    {
        // A GitLab instance named "gitea": a run that says "gitea" goes to it, and the Gitea module stays out.
        var config = Config();
        config["scm:gitlab:0:name"] = "gitea";

        var plan = Plan(config, Run(CiState.Running, "gitea"));

        Assert.Equal(["gitlab"], plan.Select(p => p.Effect.Provider).Distinct());
    }

    [Fact]
    public void The_github_planner_ignores_an_owner_github_could_not_have()
    {
        var nested = Plan(Config(), Run(CiState.Running, "github", owner: "acme/platform"));
        var spaced = Plan(Config(), Run(CiState.Running, "github", owner: "Fabrikam Fiber"));

        Assert.Empty(nested);
        Assert.Empty(spaced);
        Assert.NotEmpty(Plan(Config(), Run(CiState.Running, "gitlab", owner: "acme/platform")));
    }

    private static PlannedEffect StatusOf(IEnumerable<PlannedEffect> plan, string context) => plan.Single(p => p.Context == context);

    private static PipelineRunGrainState Run(CiState state, string provider, string owner = "acme/platform")
    {
        var run = GitHubActionPlannerTests.Run(state);
        run.Scm = run.Scm! with { Provider = provider, Owner = owner };
        return run;
    }

    private static Dictionary<string, string?> Config() => new()
    {
        ["dashboard_url"] = "https://tekton.example.com",
        ["scm:github:0:name"] = "github",
        ["scm:github:0:auth:token_file"] = "/tmp/none",
        ["scm:github:0:actions:0:name"] = "checks",
        ["scm:github:0:actions:0:type"] = "commit_status",
        ["scm:gitlab:0:name"] = "gitlab",
        ["scm:gitlab:0:auth:token_file"] = "/tmp/none",
        ["scm:gitlab:0:actions:0:name"] = "checks",
        ["scm:gitlab:0:actions:0:type"] = "commit_status",
        ["scm:gitlab:0:actions:0:context_per_task"] = "true",
        ["scm:gitlab:0:actions:1:name"] = "summary",
        ["scm:gitlab:0:actions:1:type"] = "mr_comment",
        ["scm:gitea:0:name"] = "forgejo",
        ["scm:gitea:0:base_url"] = "https://codeberg.org",
        ["scm:gitea:0:auth:token_file"] = "/tmp/none",
        ["scm:gitea:0:actions:0:name"] = "checks",
        ["scm:gitea:0:actions:0:type"] = "commit_status",
        ["scm:gitea:0:actions:0:context_per_task"] = "true",
        ["scm:gitea:0:actions:1:name"] = "summary",
        ["scm:gitea:0:actions:1:type"] = "pr_comment",
    };

    /// <summary>Every registered module's plan for <paramref name="run"/>, the modules registered as Relay registers them.</summary>
    private static List<PlannedEffect> Plan(Dictionary<string, string?> config, PipelineRunGrainState run)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.Configure<DashboardLinkOptions>(o => o.DashboardUrl = configuration["dashboard_url"]);
        services.AddGitHubActions(configuration);
        services.AddGitLabActions(configuration);
        services.AddGiteaActions(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetServices<IEffectPlanner>().SelectMany(p => p.Plan(run)).ToList();
    }
}
