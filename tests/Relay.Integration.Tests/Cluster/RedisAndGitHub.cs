using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Cluster;

/// <summary>A test class's own redis-server and fake GitHub (with a token file), started once for the class.</summary>
public sealed class RedisAndGitHub : IAsyncLifetime
{
    public RedisServer Redis { get; private set; } = null!;

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public string TokenFile { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        GitHub = await FakeGitHubServer.StartAsync();
        TokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(TokenFile, "cluster-token");
    }

    public async Task DisposeAsync()
    {
        await GitHub.DisposeAsync();
        await Redis.DisposeAsync();
        File.Delete(TokenFile);
    }
}
