using Orleans.TestingHost;
using Relay.Actions;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>
/// A 1-silo cluster against its own fake GitHub, with one <c>scm.github[]</c> instance per behaviour under test. Each
/// instance has its own credential, so a rate limit or an open breaker in one test cannot reach another.
/// </summary>
public sealed class GitHubActionsFixture : IAsyncLifetime
{
    /// <summary>2 in-process retries, short backoff, waits up to 2 s honoured, a breaker that never opens.</summary>
    public const string Retrying = "retrying";

    /// <summary>Like <see cref="Retrying"/>, for the rate-limit tests (each gets its own credential).</summary>
    public const string SecondaryLimited = "secondary-limited";
    public const string PrimaryLimited = "primary-limited";

    /// <summary>No retries; the breaker opens after 2 failed calls and stays open 30 s.</summary>
    public const string Breaker = "breaker";

    /// <summary>GitHub App auth, tokens valid an hour.</summary>
    public const string App = "app";

    /// <summary>GitHub App auth whose tokens are always due for refresh (4 min &lt; 5 min margin): every call asks for one.</summary>
    public const string ShortLivedApp = "short-lived-app";

    private readonly string _directory = Directory.CreateTempSubdirectory("relay-github-actions-").FullName;

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public FakeGitHubApp GitHubApp { get; private set; } = null!;

    public FakeGitHubApp ShortLivedGitHubApp { get; private set; } = null!;

    /// <summary>The <c>private_key_file</c> of <see cref="ShortLivedApp"/>, for tests that rewrite it.</summary>
    public string ShortLivedKeyFile => Path.Combine(_directory, "short-lived-app.pem");

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHubServer.StartAsync();
        GitHubApp = GitHub.AddApp(appId: 101, installationId: 1001);
        ShortLivedGitHubApp = GitHub.AddApp(appId: 102, installationId: 1002, tokenLifetime: TimeSpan.FromMinutes(4));

        var settings = new Dictionary<string, string>();
        var index = 0;
        foreach (var name in new[] { Retrying, SecondaryLimited, PrimaryLimited })
        {
            Add(settings, index++, name, await TokenFileAsync(name), new()
            {
                ["max_retries"] = "2",
                ["base_delay"] = "50ms",
                ["max_retry_wait"] = "2s",
                ["timeout"] = "5s",
                ["circuit_breaker:minimum_throughput"] = "1000",
            });
        }

        Add(settings, index++, Breaker, await TokenFileAsync(Breaker), new()
        {
            ["max_retries"] = "0",
            ["circuit_breaker:failure_ratio"] = "0.5",
            ["circuit_breaker:minimum_throughput"] = "2",
            ["circuit_breaker:sampling_duration"] = "30s",
            ["circuit_breaker:break_duration"] = "30s",
        });

        foreach (var (name, app) in new[] { (App, GitHubApp), (ShortLivedApp, ShortLivedGitHubApp) })
        {
            var keyFile = Path.Combine(_directory, name + ".pem");
            await File.WriteAllTextAsync(keyFile, app.PrivateKeyPem);
            var prefix = $"scm:github:{index}";
            settings[$"{prefix}:name"] = name;
            settings[$"{prefix}:base_url"] = GitHub.BaseUrl;
            settings[$"{prefix}:auth:app_id"] = app.AppId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"{prefix}:auth:installation_id"] = app.InstallationId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"{prefix}:auth:private_key_file"] = keyFile;
            settings[$"{prefix}:resilience:max_retries"] = "0";
            index++;
        }

        var builder = new TestClusterBuilder(1);
        foreach (var (key, value) in settings)
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<RelayClusterFixture.RelaySiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>Posts one commit status through the action grain, as the run grain's outbox does.</summary>
    public Task<ActionResult> PostAsync(string instance, string sha) =>
        Cluster.GrainFactory.GetGrain<IEffectExecutorGrain>(0).ExecuteAsync(new GitHubCommand
        {
            Instance = instance,
            Type = GitHubActionTypes.CommitStatus,
            Owner = "acme",
            Repository = "webapp",
            Sha = sha,
            Context = "tekton/webapp-ci",
            State = "pending",
            Description = "webapp-ci is in progress",
        }.AsDelivery());

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await GitHub.DisposeAsync();
        GitHubApp.Dispose();
        ShortLivedGitHubApp.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private void Add(Dictionary<string, string> settings, int index, string name, string tokenFile, Dictionary<string, string> resilience)
    {
        var prefix = $"scm:github:{index}";
        settings[$"{prefix}:name"] = name;
        settings[$"{prefix}:base_url"] = GitHub.BaseUrl;
        settings[$"{prefix}:auth:token_file"] = tokenFile;
        settings[$"{prefix}:budget:enabled"] = "false";
        foreach (var (key, value) in resilience)
        {
            settings[$"{prefix}:resilience:{key}"] = value;
        }
    }

    private async Task<string> TokenFileAsync(string instance)
    {
        var path = Path.Combine(_directory, instance + ".token");
        await File.WriteAllTextAsync(path, $"ghp_{instance}_token\n");
        return path;
    }
}

/// <summary>The tests that share <see cref="GitHubActionsFixture"/>: they inject faults into one fake, so they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class GitHubActionsCollection : ICollectionFixture<GitHubActionsFixture>
{
    public const string Name = "github-actions";
}
