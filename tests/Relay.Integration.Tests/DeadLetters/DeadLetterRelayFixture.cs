using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.DeadLetters;

/// <summary>
/// A fake GitHub and one all-in-one Relay node of their own: the dead-letter tests inject faults (which the fake
/// serves to whatever request comes next) and purge, so they share the node with no other test class.
/// </summary>
public sealed class DeadLetterRelayFixture : IAsyncLifetime
{
    private string? _tokenFile;

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        GitHub = await FakeGitHubServer.StartAsync("/api/");
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "ghp_dead_letter_token");
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
public sealed class DeadLetterRelayCollection : ICollectionFixture<DeadLetterRelayFixture>
{
    public const string Name = "dead-letter-relay";
}
