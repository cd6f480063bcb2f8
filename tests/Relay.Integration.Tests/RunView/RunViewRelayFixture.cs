using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.RunView;

/// <summary>
/// A fake GitHub and one all-in-one Relay node of their own for the run listing and run view tests: they inject faults
/// into the fake (served to whatever request comes next), so they share the node with no other test class.
/// </summary>
public sealed class RunViewRelayFixture : IAsyncLifetime
{
    private string? _tokenFile;

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHubServer.StartAsync("/api/");
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "ghp_run_view_token");
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
public sealed class RunViewRelayCollection : ICollectionFixture<RunViewRelayFixture>
{
    public const string Name = "run-view-relay";
}
