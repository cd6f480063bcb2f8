using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Relay.Runs;
using Relay.Silo.Cli;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Cli;

/// <summary>
/// One all-in-one Relay node with <c>server.auth: bearer</c> (operator secret in a file) and a fake GitHub of its own, for
/// the command-line tests: they run <c>relay</c> verbs in-process (<see cref="RunAsync"/>) against its real HTTP port.
/// </summary>
public sealed class CliRelayFixture : IAsyncLifetime
{
    public const string Secret = "cli-operator-secret";

    public FakeGitHubServer GitHub { get; private set; } = null!;

    public RelayNode Relay { get; private set; } = null!;

    public string TokenFile { get; } = Path.GetTempFileName();

    private string GitHubTokenFile { get; } = Path.GetTempFileName();

    public string Server => Relay.BaseAddress.ToString();

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(TokenFile, Secret + "\n");
        await File.WriteAllTextAsync(GitHubTokenFile, "ghp_cli_token");
        GitHub = await FakeGitHubServer.StartAsync("/api/");
        Relay = await RelayNode.StartAsync(RelayNode.GitHubConfig(GitHub.BaseUrl, GitHubTokenFile, extra: $"""
            server:
              auth:
                type: bearer
                secret_file: {TokenFile}
            """));
    }

    public async Task DisposeAsync()
    {
        await Relay.DisposeAsync();
        await GitHub.DisposeAsync();
        File.Delete(TokenFile);
        File.Delete(GitHubTokenFile);
    }

    /// <summary>
    /// Runs <c>relay <paramref name="args"/></c> in-process with <c>RELAY_SERVER</c> and <c>RELAY_TOKEN_FILE</c> set to
    /// this node (unless <paramref name="environment"/> says otherwise); starting a server is a test failure.
    /// </summary>
    public async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = environment ?? new Dictionary<string, string> { ["RELAY_SERVER"] = Server, ["RELAY_TOKEN_FILE"] = TokenFile };
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await RelayCommandLine.RunAsync(
            args,
            new CliConsole(output, error, terminal: false),
            serverArgs => throw new Xunit.Sdk.XunitException($"'relay {string.Join(' ', args)}' started a server with [{string.Join(' ', serverArgs)}]"),
            name => variables.GetValueOrDefault(name));
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>A new run whose running status GitHub refuses with 422 once: returns it and the id of its dead letter.</summary>
    public async Task<(TektonRun Run, string Id)> DeadLetterAsync()
    {
        var run = new TektonRun("cli-" + Guid.NewGuid().ToString("N")[..10]);
        GitHub.FailNext(1, 422, body: """{"message":"injected 422"}""");
        using (var request = run.PipelineRunEvent("running").ToRequest(new Uri(Relay.BaseAddress, "/")))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
            using var response = await Relay.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        string? id = null;
        await Wait.UntilAsync(
            async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/dead-letters?run={Uri.EscapeDataString(RunKey(run))}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secret);
                using var response = await Relay.Http.SendAsync(request);
                var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                id = page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()).FirstOrDefault();
                return id is not null;
            },
            () => $"the dead letter of {run.Name}");
        return (run, id!);
    }

    public static string RunKey(TektonRun run) => PipelineRunKey.For(run.Namespace, run.Name);
}

/// <summary>What one command line run did: exit code, standard output, standard error.</summary>
public sealed record CliResult(int Code, string Output, string Error)
{
    /// <summary>Standard output read as one JSON document (fails the test if anything else is on it).</summary>
    public JsonElement Json() => JsonDocument.Parse(Output).RootElement;

    public override string ToString() => $"exit {Code}\nstdout:\n{Output}\nstderr:\n{Error}";
}
