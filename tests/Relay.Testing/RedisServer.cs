using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Relay.Testing;

/// <summary>
/// A real <c>redis-server</c> of the test's own, on a free loopback port, without persistence. A missing binary
/// is a failure with instructions, never a skip: CI installs it (tests/run.sh).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private volatile bool _paused;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var binary = Locate() ?? throw new InvalidOperationException(
            "redis-server is not installed: the Redis integration tests need it (apt-get install -y redis-server, or run bash tests/run.sh)");
        var port = FreePort.Next();
        var info = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "no", "--loglevel", "warning" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        await Wait.UntilAsync(async () => await server.TryPingAsync(), () => $"redis-server on port {port} to answer PING", TimeSpan.FromSeconds(15));
        return server;
    }

    /// <summary>Runs one command (inline protocol) and returns the raw reply.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\r\n"));
        var buffer = new byte[64 * 1024];
        var read = await stream.ReadAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>How many keys the server holds (<c>DBSIZE</c>).</summary>
    public async Task<long> KeyCountAsync()
    {
        var reply = await CommandAsync("DBSIZE");
        return long.Parse(reply.TrimStart(':').Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Makes Redis refuse every write (<c>maxmemory 1</c> with <c>noeviction</c>: "OOM command not allowed") while reads
    /// still work, as a full production Redis does; disposing the result restores both settings.
    /// </summary>
    public async Task<IAsyncDisposable> RefuseWritesAsync()
    {
        var maxmemory = await ConfigGetAsync("maxmemory");
        var policy = await ConfigGetAsync("maxmemory-policy");
        await ConfigSetAsync("maxmemory-policy", "noeviction");
        await ConfigSetAsync("maxmemory", "1");
        return new Restore(async () =>
        {
            await ConfigSetAsync("maxmemory", maxmemory);
            await ConfigSetAsync("maxmemory-policy", policy);
        });
    }

    /// <summary>
    /// Freezes the server process (SIGSTOP): connections stay open, commands hang until it resumes, as with a Redis
    /// stuck in a long fork, a VM pause or a GC-like stall. Dispose the result (in a <c>finally</c>) to resume it with
    /// SIGCONT; <see cref="DisposeAsync"/> also resumes a server left paused.
    /// </summary>
    public async Task<IAsyncDisposable> PauseAsync()
    {
        await SignalAsync("STOP");
        _paused = true;
        return new Restore(ResumeAsync);
    }

    /// <summary>Resumes a paused server (SIGCONT) and waits until it answers <c>PING</c>.</summary>
    public async Task ResumeAsync()
    {
        await SignalAsync("CONT");
        _paused = false;
        await Wait.UntilAsync(async () => await TryPingAsync(), () => $"redis-server on port {Port} to answer PING after SIGCONT", TimeSpan.FromSeconds(15));
    }

    /// <summary>The value of one configuration parameter (<c>CONFIG GET</c>).</summary>
    public async Task<string> ConfigGetAsync(string parameter)
    {
        // *2 / $len / name / $len / value
        var lines = (await CommandAsync($"CONFIG GET {parameter}")).Split("\r\n");
        return lines.Length >= 5 && lines[0] == "*2" ? lines[4] : throw new InvalidOperationException($"CONFIG GET {parameter}: unexpected reply {string.Join(' ', lines)}");
    }

    public async Task ConfigSetAsync(string parameter, string value)
    {
        var reply = await CommandAsync($"CONFIG SET {parameter} {value}");
        if (!reply.StartsWith("+OK", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"CONFIG SET {parameter} {value}: {reply.Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_paused && !_process.HasExited)
        {
            await SignalAsync("CONT");
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }

    private async Task<bool> TryPingAsync()
    {
        try
        {
            return (await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string? Locate()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/bin").Append("/usr/local/bin"))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed class Restore(Func<Task> restore) : IAsyncDisposable
    {
        private int _done;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                await restore();
            }
        }
    }
}
