using System.Diagnostics;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Relay.Integration.Tests.RunView;

/// <summary>
/// The system's headless Chromium, driven from its command line (tests/run.sh installs the <c>chromium</c> package):
/// <c>--dump-dom</c> gives the DOM a person's browser builds from a page, <c>--screenshot</c> what they see. Each call
/// is a fresh browser with its own profile directory, killed if it outlives its deadline.
/// </summary>
internal static class Chromium
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>The browser binary (<c>RELAY_CHROMIUM</c>, else the first of the usual names on PATH), or null.</summary>
    public static string? Executable { get; } = Find();

    /// <summary>The DOM Chromium built from <paramref name="url"/>, parsed.</summary>
    public static async Task<IHtmlDocument> DumpDomAsync(Uri url)
    {
        var dom = await RunAsync(["--dump-dom", url.AbsoluteUri]);
        return new HtmlParser().ParseDocument(dom);
    }

    /// <summary>Saves a PNG of <paramref name="url"/> as a <paramref name="width"/>×<paramref name="height"/> window shows it.</summary>
    public static async Task ScreenshotAsync(Uri url, string file, int width, int height)
    {
        File.Delete(file);
        await RunAsync([$"--screenshot={file}", $"--window-size={width},{height}", "--hide-scrollbars", url.AbsoluteUri]);
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"chromium wrote no screenshot of {url} to {file}");
        }
    }

    private static async Task<string> RunAsync(IReadOnlyList<string> arguments)
    {
        var profile = Directory.CreateTempSubdirectory("relay-chromium-").FullName;
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("chromium is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-sync", "--metrics-recording-only", "--mute-audio", $"--user-data-dir={profile}",
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"chromium {string.Join(' ', arguments)} did not finish in {Deadline}; stderr: {await stderr}");
        }
        finally
        {
            TryDelete(profile);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium {string.Join(' ', arguments)} exited {process.ExitCode}; stderr: {await stderr}");
        }

        return await stdout;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file for a moment; the temp directory is cleaned by the system.
        }
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("RELAY_CHROMIUM") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return new[] { "chromium", "chromium-browser", "google-chrome-stable", "google-chrome" }
            .SelectMany(name => path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}
