using Relay.Testing;
using Relay.Testing.Scm;
using Xunit;

namespace Relay.Integration.Tests.Cluster;

/// <summary>
/// Two silos on a real Redis reporting runs for GitHub, GitLab, Gitea/Forgejo, Bitbucket Cloud, Bitbucket Data Center and Azure
/// DevOps at once: every context of every run gets each state once, in order, at its own provider, and every
/// pull/merge request one comment edited to the run's outcome. (Gitea joins when its module is merged.)
/// </summary>
public sealed class ScmProvidersClusterTests : IAsyncLifetime
{
    private const string Token = "cluster-scm-token";
    private static readonly string[] Tasks = ["lint", "build"];
    private static readonly string[] Contexts = ["tekton/webapp-ci", "tekton/webapp-ci/lint", "tekton/webapp-ci/build"];

    private RedisServer _redis = null!;
    private FakeGitHubServer _github = null!;
    private FakeGitLabServer _gitlab = null!;
    private FakeGiteaServer _gitea = null!;
    private FakeBitbucketServer _bitbucketCloud = null!;
    private FakeBitbucketServer _bitbucketDataCenter = null!;
    private FakeAzureDevOpsServer _azure = null!;
    private string _tokenFile = "";

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _github = await FakeGitHubServer.StartAsync();
        _gitlab = await FakeGitLabServer.StartAsync(Token);
        _gitea = await FakeGiteaServer.StartAsync(Token);
        _bitbucketCloud = await FakeBitbucketServer.StartCloudAsync(Token);
        _bitbucketDataCenter = await FakeBitbucketServer.StartDataCenterAsync(Token);
        _azure = await FakeAzureDevOpsServer.StartAsync(Token, "acme");
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, Token + "\n");
    }

    public async Task DisposeAsync()
    {
        await _azure.DisposeAsync();
        await _bitbucketDataCenter.DisposeAsync();
        await _bitbucketCloud.DisposeAsync();
        await _gitea.DisposeAsync();
        await _gitlab.DisposeAsync();
        await _github.DisposeAsync();
        await _redis.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task Runs_for_every_provider_at_once_each_get_every_state_once_in_order_and_one_comment()
    {
        var settings = new Dictionary<string, string>(RelayClusterFixture.RelaySettings(_github.BaseUrl, _tokenFile));
        Instance(settings, "gitlab:0", "gitlab", _gitlab.BaseUrl, "mr_comment");
        Instance(settings, "gitea:0", "forgejo", _gitea.BaseUrl, "pr_comment");
        Instance(settings, "bitbucket:0", "bitbucket", _bitbucketCloud.BaseUrl, "pr_comment");
        Instance(settings, "bitbucket:1", "bitbucket-dc", _bitbucketDataCenter.BaseUrl, "pr_comment");
        settings["scm:bitbucket:1:flavor"] = "datacenter";
        Instance(settings, "azure_devops:0", "azure", _azure.BaseUrl, "pr_comment");
        settings["scm:azure_devops:0:organization"] = "acme";
        await using var cluster = await RedisTestCluster.StartAsync(2, _redis.ConnectionString, "relay-five-scms", settings);

        // Bitbucket is selected by Pipelines-as-Code's flavored kinds, the others by their kind.
        var runs = Enumerable.Range(0, 4).SelectMany(i => new[]
        {
            Run("gh", i, "github", "acme"),
            Run("gl", i, "gitlab", "acme/platform"),
            Run("gt", i, "forgejo", "acme"),
            Run("bbc", i, "bitbucket-cloud", "acme-workspace"),
            Run("bbdc", i, "bitbucket-server", "PLAT"),
            Run("ado", i, "azure_devops", "Platform Team"),
        }).ToList();
        await Task.WhenAll(runs.Select(async run =>
        {
            foreach (var tektonEvent in run.SuccessfulLifecycle(Tasks))
            {
                Assert.Equal(200, await cluster.SendAsync(tektonEvent, CancellationToken.None));
            }
        }));

        await Wait.UntilAsync(
            () => runs.All(run => Contexts.All(c => StatesOf(run, c).Contains(Success(run))) && (run.Provider == "github" || CommentOf(run)?.Body.Contains("succeeded", StringComparison.Ordinal) == true)),
            () => "every run's final statuses and comments",
            TimeSpan.FromSeconds(90));

        foreach (var run in runs)
        {
            foreach (var context in Contexts)
            {
                Assert.Equal(Expected(run), StatesOf(run, context));
            }

            if (run.Provider != "github")
            {
                Assert.Single(Server(run)!.Comments, c => c.Number == run.PullRequest);
            }
        }

        // Nothing went to a provider it was not for.
        Assert.Equal(4 * Contexts.Length * 2, _bitbucketCloud.Statuses.Count);
        Assert.Equal(4 * Contexts.Length * 2, _bitbucketDataCenter.Statuses.Count);
        Assert.Equal(4 * Contexts.Length * 2, _azure.Statuses.Count);
        Assert.Equal(4 * Contexts.Length * 3, _gitlab.Statuses.Count);
        Assert.Equal(4 * Contexts.Length * 2, _gitea.Statuses.Count);
    }

    private static void Instance(Dictionary<string, string> settings, string at, string name, string baseUrl, string commentType)
    {
        settings[$"scm:{at}:name"] = name;
        settings[$"scm:{at}:base_url"] = baseUrl;
        settings[$"scm:{at}:auth:token_file"] = settings["scm:github:0:auth:token_file"];
        settings[$"scm:{at}:actions:0:name"] = "checks";
        settings[$"scm:{at}:actions:0:type"] = "commit_status";
        settings[$"scm:{at}:actions:0:context_per_task"] = "true";
        settings[$"scm:{at}:actions:1:name"] = "summary";
        settings[$"scm:{at}:actions:1:type"] = commentType;
    }

    private static TektonRun Run(string prefix, int i, string provider, string owner) => new($"{prefix}-{i}-{Guid.NewGuid().ToString("N")[..6]}")
    {
        Provider = provider,
        Owner = owner,
        Repository = "webapp",
        PullRequest = 100 + i,
    };

    private FakeScmServer? Server(TektonRun run) => run.Provider switch
    {
        "gitlab" => _gitlab,
        "forgejo" => _gitea,
        "bitbucket-cloud" => _bitbucketCloud,
        "bitbucket-server" => _bitbucketDataCenter,
        "azure_devops" => _azure,
        _ => null,
    };

    private FakeScmComment? CommentOf(TektonRun run) => Server(run)?.Comments.FirstOrDefault(c => c.Number == run.PullRequest);

    private List<string> StatesOf(TektonRun run, string context) => Server(run) is { } server
        ? server.StatusesFor(run.Sha).Where(s => s.Context == context).Select(s => s.State).ToList()
        : _github.StatusesFor(run.Sha).Where(s => s.Context == context && !s.Failed).Select(s => s.State!).ToList();

    /// <summary>Each context's states in the provider's words: GitLab alone tells running from pending.</summary>
    private static string[] Expected(TektonRun run) => run.Provider switch
    {
        "bitbucket-cloud" or "bitbucket-server" => ["INPROGRESS", "SUCCESSFUL"],
        "gitlab" => ["pending", "running", "success"],
        "azure_devops" => ["pending", "succeeded"],
        _ => ["pending", "success"],
    };

    private static string Success(TektonRun run) => run.Provider switch
    {
        "bitbucket-cloud" or "bitbucket-server" => "SUCCESSFUL",
        "azure_devops" => "succeeded",
        _ => "success",
    };
}
