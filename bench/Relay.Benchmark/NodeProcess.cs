using System.Diagnostics;
using System.Globalization;

namespace Relay.Benchmark;

/// <summary>A Relay silo (or the baseline server) as its own process, with CPU time and peak RSS read from /proc.</summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Id => _process.Id;

    public static NodeProcess Start(string assembly, int port, params string[] args) => Start(assembly, port, [], args);

    public static NodeProcess Start(string assembly, int port, IReadOnlyList<string> environment, params string[] args)
    {
        var url = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var variable in environment)
        {
            var (name, value) = (variable.Split('=', 2)[0], variable.Split('=', 2).ElementAtOrDefault(1) ?? "");
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (var arg in args.Concat(["--urls", url.ToString().TrimEnd('/')]))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new NodeProcess(process, url);
    }

    public async Task WaitReadyAsync(string path = "readyz")
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                using var response = await http.GetAsync(new Uri(Url, path));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Url} exited with {_process.ExitCode} before it was ready");
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{Url} not ready after 120 s");
    }

    /// <summary>User + system CPU time consumed so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Peak resident set size (VmHWM) in MiB.</summary>
    public double PeakRssMiB => ReadStatus("VmHWM:");

    /// <summary>Current resident set size (VmRSS) in MiB.</summary>
    public double RssMiB => ReadStatus("VmRSS:");

    private double ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kb = line[field.Length..].Trim().Split(' ')[0];
                return double.Parse(kb, CultureInfo.InvariantCulture) / 1024;
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
