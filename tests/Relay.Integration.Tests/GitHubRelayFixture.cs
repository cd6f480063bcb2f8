using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests;

/// <summary>A fake GitHub and one all-in-one Relay node configured to post commit statuses to it.</summary>
public sealed class GitHubRelayFixture : IAsyncLifetime
{
    public const string Token = "ghp_e2e_secret_token";

    private string? _tokenFile;

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHubServer.StartAsync("/gh/api/");
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, Token);
        Relay = await RelayNode.StartAsync(RelayNode.GitHubConfig(GitHub.BaseUrl, _tokenFile));
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        await GitHub.DisposeAsync();
        File.Delete(_tokenFile!);
    }
}

[CollectionDefinition(Name)]
public sealed class GitHubRelayCollection : ICollectionFixture<GitHubRelayFixture>
{
    public const string Name = "github-relay";
}
