using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Relay.Grains.Runs;
using Relay.Testing;
using Relay.Testing.Scm;
using Xunit;

namespace Relay.Integration.Tests.Actions;

/// <summary>
/// A fake SCM server and one Relay node reporting to it through one instance (a token file written with surrounding
/// whitespace, the dashboard link configured, HttpClient's own logs captured at Trace), shared by the provider tests.
/// </summary>
public abstract class ScmRelayFixture<TServer> : IAsyncLifetime
    where TServer : FakeScmServer
{
    private string _tokenFile = "";

    /// <summary>The token (PAT) the fake accepts and the token file holds.</summary>
    public abstract string Token { get; }

    public TServer Server { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    public LogCapture Logs { get; } = new();

    /// <summary>Starts the provider's fake.</summary>
    protected abstract Task<TServer> StartServerAsync();

    /// <summary>The YAML below <c>scm:</c> (its first line indented by two spaces) for one instance of the provider.</summary>
    protected abstract string Section(TServer server, string tokenFile);

    public async Task InitializeAsync()
    {
        Server = await StartServerAsync();
        _tokenFile = Path.GetTempFileName();
        // Surrounding whitespace (a trailing newline from `echo`) is not part of the token.
        await File.WriteAllTextAsync(_tokenFile, $"  {Token}\n");
        Relay = await RelayNode.StartAsync(
            $"""
            dashboard_url: https://tekton.example.com
            scm:
            {Section(Server, _tokenFile)}
            """,
            builder =>
            {
                builder.Logging.AddProvider(Logs);
                // HttpClient's own logs, headers included, at their most detailed level.
                builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Trace);
                builder.Services.Configure<OutboxOptions>(o =>
                {
                    o.InitialBackoff = TimeSpan.FromMilliseconds(50);
                    o.MaxBackoff = TimeSpan.FromMilliseconds(500);
                    o.MaxAttempts = 10;
                });
            });
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        await Server.DisposeAsync();
        File.Delete(_tokenFile);
    }
}
