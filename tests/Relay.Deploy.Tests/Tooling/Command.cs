using System.ComponentModel;
using System.Diagnostics;
using Xunit.Sdk;

namespace Relay.Deploy.Tests.Tooling;

/// <summary>What a finished command printed and returned.</summary>
internal sealed record CommandResult(int ExitCode, string Output, string Error);

/// <summary>Runs a program to completion with a deadline; a missing program fails the test with a message that says so.</summary>
internal static class Command
{
    public static async Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan deadline, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Start(info);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"'{program} {string.Join(' ', info.ArgumentList)}' did not finish within {deadline.TotalSeconds:0}s");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts <paramref name="info"/>; when its program is not installed, fails with the program's name.</summary>
    public static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info) ?? throw new XunitException($"could not start '{info.FileName}'");
        }
        catch (Win32Exception exception)
        {
            throw new XunitException($"'{info.FileName}' could not be started ({exception.Message}): is it installed? bash tests/run.sh installs what these tests need.");
        }
    }

    /// <summary>The full path of <paramref name="program"/> on PATH, or null.</summary>
    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(System.IO.File.Exists);
}
