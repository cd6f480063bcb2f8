using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Auth;

/// <summary>A node with <c>server.auth</c> of the given type, its secret in a file the tests can rewrite.</summary>
public abstract class SecuredRelayFixture(string authType, string extra = "") : IAsyncLifetime
{
    public const string Secret = "s3cr3t-shared-with-senders";

    public string SecretFile { get; } = Path.GetTempFileName();

    public RelayNode Relay { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(SecretFile, Secret + "\n");
        Relay = await RelayNode.StartAsync($"""
            server:
              auth:
                type: {authType}
                secret_file: {SecretFile}
                timestamp_tolerance: 5m
            {extra}
            """);
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        File.Delete(SecretFile);
    }
}

public sealed class HmacRelayFixture() : SecuredRelayFixture("hmac-sha256");

public sealed class BearerRelayFixture() : SecuredRelayFixture("bearer");
