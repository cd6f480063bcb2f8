using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Relay.Events;
using Relay.Grains.Actions.GitHub.Tests;
using Relay.Grains.Actions.Scm;
using Relay.Grains.Runs;
using Relay.Grains.Summaries;
using Relay.Runs;
using Xunit;

namespace Relay.Grains.Actions.Bitbucket.Tests;

/// <summary>Which Bitbucket instance a run selects (kinds, Pipelines-as-Code's flavored values, names) and the state words per flavor.</summary>
public sealed class BitbucketActionPlannerTests
{
    [Theory]
    [InlineData("bitbucket", "cloud")]
    [InlineData("bitbucket-cloud", "cloud")]
    [InlineData("bitbucket-datacenter", "onprem")]
    [InlineData("bitbucket-server", "onprem")]
    [InlineData("BITBUCKET-SERVER", "onprem")]
    [InlineData("onprem", "onprem")]
    [InlineData("cloud", "cloud")]
    public void A_kind_selects_the_first_instance_of_its_flavor_and_a_name_its_instance(string provider, string instance)
    {
        var planned = Plan(provider, CiState.Running, Cloud("cloud"), DataCenter("onprem"));

        Assert.NotEmpty(planned);
        Assert.All(planned, p => Assert.Equal(instance, p.Effect.Instance));
    }

    [Theory]
    [InlineData("bitbucket-datacenter")]
    [InlineData("bitbucket-server")]
    public void A_data_center_kind_selects_nothing_when_only_cloud_instances_are_configured(string provider) =>
        Assert.Empty(Plan(provider, CiState.Running, Cloud("cloud")));

    [Fact]
    public void The_cloud_kind_selects_nothing_when_only_data_center_instances_are_configured() =>
        Assert.Empty(Plan("bitbucket-cloud", CiState.Running, DataCenter("onprem")));

    [Theory]
    [InlineData("gitlab")]
    [InlineData("github")]
    [InlineData("azure_devops")]
    public void Other_kinds_select_no_bitbucket_instance(string provider) =>
        Assert.Empty(Plan(provider, CiState.Running, Cloud("cloud"), DataCenter("onprem")));

    [Theory]
    [InlineData(CiState.Queued, "INPROGRESS", "INPROGRESS")]
    [InlineData(CiState.Pending, "INPROGRESS", "INPROGRESS")]
    [InlineData(CiState.Running, "INPROGRESS", "INPROGRESS")]
    [InlineData(CiState.Success, "SUCCESSFUL", "SUCCESSFUL")]
    [InlineData(CiState.Failure, "FAILED", "FAILED")]
    [InlineData(CiState.Error, "FAILED", "FAILED")]
    [InlineData(CiState.Canceled, "STOPPED", "CANCELLED")]
    public void States_are_bitbucket_words_and_canceled_is_stopped_on_cloud_and_cancelled_on_data_center(CiState state, string cloud, string dataCenter)
    {
        var statusOf = (string provider) => Plan(provider, state, Cloud("cloud"), DataCenter("onprem")).First(p => p.Context == "tekton/webapp-ci").State;

        Assert.Equal(cloud, statusOf("bitbucket-cloud"));
        Assert.Equal(dataCenter, statusOf("bitbucket-datacenter"));
    }

    [Theory]
    [InlineData("acme/platform", "webapp")]
    [InlineData("Platform Team", "webapp")]
    [InlineData("acme", "web app")]
    public void A_target_bitbucket_cannot_address_plans_nothing(string owner, string repository)
    {
        var run = Run(CiState.Running, "bitbucket");
        run.Scm = run.Scm! with { Owner = owner, Repository = repository };

        Assert.Empty(Planner(Cloud("cloud")).Plan(run));
    }

    private static BitbucketInstanceOptions Cloud(string name) => new()
    {
        Name = name,
        Actions = [new ScmActionOptions { Name = "checks", Type = ScmActionTypes.CommitStatus }, new ScmActionOptions { Name = "summary", Type = ScmActionTypes.PrComment }],
    };

    private static BitbucketInstanceOptions DataCenter(string name) => new()
    {
        Name = name,
        Flavor = BitbucketFlavors.DataCenter,
        BaseUrl = "https://bitbucket.example.com",
        Actions = [new ScmActionOptions { Name = "checks", Type = ScmActionTypes.CommitStatus }, new ScmActionOptions { Name = "summary", Type = ScmActionTypes.PrComment }],
    };

    private static PipelineRunGrainState Run(CiState state, string provider)
    {
        var run = GitHubActionPlannerTests.Run(state);
        run.Scm = run.Scm! with { Provider = provider };
        return run;
    }

    private static PlannedEffect[] Plan(string provider, CiState state, params BitbucketInstanceOptions[] instances) =>
        Planner(instances).Plan(Run(state, provider)).ToArray();

    private static BitbucketActionPlanner Planner(params BitbucketInstanceOptions[] instances)
    {
        var services = new ServiceCollection();
        services.Configure<BitbucketOptions>(o => o.Bitbucket.AddRange(instances));
        services.Configure<DashboardLinkOptions>(o => o.DashboardUrl = "https://tekton.example.com");
        var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptionsMonitor<BitbucketOptions>>();
        return new BitbucketActionPlanner(
            options,
            provider.GetRequiredService<IOptionsMonitor<DashboardLinkOptions>>(),
            new RelayTemplates(),
            [new ScmInstanceNames<BitbucketOptions>(BitbucketActionPlanner.Kind, options)],
            NullLogger<BitbucketActionPlanner>.Instance);
    }
}
