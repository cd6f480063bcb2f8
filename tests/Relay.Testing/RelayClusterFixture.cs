using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using Relay.Grains;
using Relay.Grains.Runs;
using Relay.Grains.Storage;
using Xunit;

namespace Relay.Testing;

/// <summary>
/// A 2-silo <see cref="TestCluster"/> running Relay's grains (memory storage) against a <see cref="FakeGitHubServer"/>,
/// with one GitHub instance <c>github</c> and a <c>commit_status</c> action with one context per task.
/// </summary>
public sealed class RelayClusterFixture : IAsyncLifetime
{
    public const string Token = "ghp_test_token_cluster";
    public const string DashboardUrl = "https://dashboard.example.com";

    private string? _tokenFile;

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHubServer.StartAsync();
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, Token + "\n");

        var builder = new TestClusterBuilder(2);
        foreach (var (key, value) in RelaySettings(GitHub.BaseUrl, _tokenFile))
        {
            builder.Properties[key] = value;
        }

        builder.AddSiloBuilderConfigurator<RelaySiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    /// <summary>The configuration keys of a one-instance GitHub setup, as Relay's YAML would give them.</summary>
    public static Dictionary<string, string> RelaySettings(string baseUrl, string tokenFile) => new()
    {
        ["dashboard_url"] = DashboardUrl,
        ["scm:github:0:name"] = "github",
        ["scm:github:0:base_url"] = baseUrl,
        ["scm:github:0:auth:token_file"] = tokenFile,
        // Tests across the shared cluster post far more than GitHub's 80 statuses a minute to the fake.
        ["scm:github:0:budget:enabled"] = "false",
        ["scm:github:0:actions:0:name"] = "statuses",
        ["scm:github:0:actions:0:type"] = "commit_status",
        ["scm:github:0:actions:0:context_per_task"] = "true",
    };

    /// <summary>The grain factory inside one silo, to call the way a co-hosted receiver does.</summary>
    public IGrainFactory GrainFactoryOf(SiloHandle silo) =>
        ((InProcessSiloHandle)silo).SiloHost.Services.GetRequiredService<IGrainFactory>();

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await GitHub.DisposeAsync();
        if (_tokenFile is not null)
        {
            File.Delete(_tokenFile);
        }
    }

    /// <summary>Configures each silo like the all-in-one host, with fast outbox retries.</summary>
    public sealed class RelaySiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder
                .AddMemoryGrainStorage(RelayStorage.Runs)
                .AddMemoryGrainStorage(RelayStorage.Claims)
                .UseInMemoryReminderService();
            siloBuilder.Services.AddRelayGrains(siloBuilder.Configuration);
            siloBuilder.Services.Configure<OutboxOptions>(o =>
            {
                o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                o.MaxBackoff = TimeSpan.FromMilliseconds(200);
                o.MaxAttempts = 4;
            });
        }
    }
}
