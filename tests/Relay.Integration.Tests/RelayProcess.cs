using System.Diagnostics;
using Relay.Testing;

namespace Relay.Integration.Tests;

/// <summary>A Relay silo or receiver running as its own process, as a user starts it (<c>--config</c>, <c>--urls</c>).</summary>
public sealed class RelayProcess
{
    private readonly Process _process;

    private RelayProcess(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>Where the process's console output goes, for diagnosing a failed test.</summary>
    public string LogPath => Path.Combine(Path.GetTempPath(), $"relay-process-{_process.Id}.log");

    public static RelayProcess Start(string assembly, string config, params string[] extra)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, assembly), "--config", config, "--urls", url }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        var log = new StreamWriter(Path.Combine(Path.GetTempPath(), $"relay-process-{process.Id}.log")) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RelayProcess(process, url);
    }

    public async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(
            async () =>
            {
                try
                {
                    using var response = await http.GetAsync(Url + "/readyz");
                    return response.IsSuccessStatusCode;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            () => $"{Url} to become ready (exited: {_process.HasExited})",
            TimeSpan.FromSeconds(90));
    }

    /// <summary>SIGTERM, as Kubernetes stops a pod, then waits for the graceful exit.</summary>
    public async Task TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no shutdown at all.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }
}
