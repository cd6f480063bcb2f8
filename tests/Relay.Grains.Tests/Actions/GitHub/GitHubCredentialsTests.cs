using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Relay.Grains.Actions.GitHub.Auth;
using Relay.Grains.Actions.GitHub.Resilience;
using Relay.Grains.Diagnostics;
using Relay.Testing;
using Xunit;

namespace Relay.Grains.Actions.GitHub.Tests;

/// <summary>Installation tokens: cached per silo, refreshed 5 minutes before they expire, one request for concurrent callers.</summary>
public sealed class GitHubCredentialsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("relay-credentials-").FullName;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private FakeGitHubServer _github = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync();
        _services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton<RelayMetrics>()
            .AddSingleton<GitHubResiliencePipelines>()
            .AddSingleton<GitHubCallDeadline>()
            .AddSingleton<GitHubClientFactory>()
            .AddSingleton<SecretFileReader>()
            .AddSingleton<GitHubAppInstallationTokens>()
            .AddSingleton<GitHubCredentials>()
            .BuildServiceProvider();
    }

    [Fact]
    public async Task Installation_token_is_cached_then_refreshed_five_minutes_before_it_expires()
    {
        var instance = await AppInstanceAsync(_github.AddApp(appId: 7, installationId: 70));
        var credentials = _services.GetRequiredService<GitHubCredentials>();

        var first = await credentials.GetAsync(instance, _github.BaseUrl, CancellationToken.None);
        Assert.Equal(first, await credentials.GetAsync(instance, _github.BaseUrl, CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(first, await credentials.GetAsync(instance, _github.BaseUrl, CancellationToken.None));
        Assert.Single(_github.TokenRequests);

        _time.Advance(TimeSpan.FromMinutes(2));
        var refreshed = await credentials.GetAsync(instance, _github.BaseUrl, CancellationToken.None);

        Assert.Equal(2, _github.TokenRequests.Count);
        Assert.Equal(_github.IssuedTokens, [first.Token, refreshed.Token]);
        Assert.Equal("app:7/70", refreshed.Identity);
        Assert.Equal("app:7/70", refreshed.ToString());
    }

    [Fact]
    public async Task Concurrent_callers_share_one_token_request()
    {
        var instance = await AppInstanceAsync(_github.AddApp(appId: 8, installationId: 80));
        var credentials = _services.GetRequiredService<GitHubCredentials>();

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            credentials.GetAsync(instance, _github.BaseUrl, CancellationToken.None).AsTask()));

        Assert.Single(_github.TokenRequests);
        Assert.All(tokens, t => Assert.Equal(_github.IssuedTokens[0], t.Token));
    }

    [Fact]
    public async Task Personal_access_token_identity_is_a_short_hash_that_does_not_reveal_the_token()
    {
        var file = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(file, "ghp_secret_value\n");
        var instance = new GitHubInstanceOptions { Name = "pat", Auth = new GitHubAuthOptions { TokenFile = file } };

        var credential = await _services.GetRequiredService<GitHubCredentials>().GetAsync(instance, _github.BaseUrl, CancellationToken.None);

        Assert.Equal("ghp_secret_value", credential.Token);
        Assert.Matches("^pat:[0-9a-f]{12}$", credential.Identity);
        Assert.DoesNotContain("secret", credential.ToString(), StringComparison.Ordinal);
    }

    private async Task<GitHubInstanceOptions> AppInstanceAsync(FakeGitHubApp app)
    {
        var keyFile = Path.Combine(_directory, $"app-{app.AppId}.pem");
        await File.WriteAllTextAsync(keyFile, app.PrivateKeyPem);
        return new GitHubInstanceOptions
        {
            Name = "app-" + app.AppId.ToString(CultureInfo.InvariantCulture),
            BaseUrl = _github.BaseUrl,
            Auth = new GitHubAuthOptions { AppId = app.AppId, InstallationId = app.InstallationId, PrivateKeyFile = keyFile },
        };
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _github.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
