using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Relay.Integration.Tests.Cli;

/// <summary>
/// The command line as a user runs it: the built Relay.Silo.dll as its own process. Nothing but the verb's output may
/// reach standard output (no host or logging lines), and an unknown verb must exit 2 instead of starting a node.
/// </summary>
[Collection(CliRelayCollection.Name)]
public sealed class CliProcessTests(CliRelayFixture fixture)
{
    [Fact]
    public async Task Output_json_puts_only_the_json_document_on_standard_output()
    {
        var (run, id) = await fixture.DeadLetterAsync();

        var (code, output, error) = await RunAsync(
            "dead-letters", "list", "--run", CliRelayFixture.RunKey(run), "--output", "json", "--server", fixture.Server, "--token-file", fixture.TokenFile);

        Assert.True(code == 0, $"exit {code}: {error}");
        var page = JsonDocument.Parse(output).RootElement;
        Assert.Equal(id, Assert.Single(page.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("--urls", "http://127.0.0.1:1", "--frobnicate")]
    public async Task An_unknown_verb_or_flag_exits_2_without_starting_a_node(params string[] args)
    {
        var (code, output, error) = await RunAsync(args);

        Assert.Equal((2, ""), (code, output));
        Assert.StartsWith("relay: unknown", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_does_not_exist_exits_3()
    {
        var (code, output, error) = await RunAsync("runs", "show", "ci/no-such-run", "--server", fixture.Server, "--token-file", fixture.TokenFile);

        Assert.Equal((3, ""), (code, output));
        Assert.Contains("ci/no-such-run", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Relay.Silo.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("RELAY_SERVER");
        info.Environment.Remove("RELAY_TOKEN_FILE");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"relay {string.Join(' ', args)} did not exit within 60 s (a node started?)");
        }

        return (process.ExitCode, await output, await error);
    }
}
