using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Relay.Deploy.Tests.Manifests;
using Relay.Testing;
using Xunit.Sdk;

namespace Relay.Deploy.Tests.Tooling;

/// <summary>
/// One container of a rendered pod spec, run here as a local process: its command line, its environment (downward
/// API fields filled in as the kubelet would), and its volumes as folders (ConfigMaps with their data, user-provided
/// Secrets with test values). Only what must differ on a shared test machine differs: mount paths become folders,
/// listening ports become free loopback ports, and <paramref name="overrides"/> may repoint addresses.
/// </summary>
internal sealed class PodProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _directory;

    private PodProcess(Container container, string podName, Process process, string directory, IReadOnlyDictionary<long, int> ports)
    {
        Container = container;
        PodName = podName;
        _process = process;
        _directory = directory;
        Ports = ports;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Container Container { get; }

    public string PodName { get; }

    /// <summary>Container port → the loopback port this process listens on instead.</summary>
    public IReadOnlyDictionary<long, int> Ports { get; }

    public bool HasExited => _process.HasExited;

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="container"/> of <paramref name="overlay"/> as pod <paramref name="podName"/>. Relay containers
    /// run the Relay.*.dll built beside the tests, with <c>--urls</c> on a free port; Redis gets <c>--port</c> and loopback.
    /// </summary>
    public static PodProcess Start(RenderedOverlay overlay, Container container, string podName, IReadOnlyDictionary<string, string>? overrides = null)
    {
        var directory = Directory.CreateTempSubdirectory($"relay-pod-{podName}-").FullName;
        var mounts = MountFolders(overlay, container, directory);
        var ports = container.Ports.ToDictionary(p => p.Number("containerPort")!.Value, _ => FreePort.Next());
        var line = container.CommandLine.Select(argument => Remap(argument, mounts)).ToList();

        ProcessStartInfo info;
        if (container.RelayAssembly is { } assembly)
        {
            var urls = line.IndexOf("--urls") + 1;
            var listen = new Uri(line[urls]).Port;
            line[urls] = $"http://127.0.0.1:{ports[listen]}";
            if (container.NamedPort("management") is { } management)
            {
                // relay.yaml's server.management_port names the container port; the process listens on its stand-in.
                line.AddRange(["--server:management_port", ports[management].ToString(CultureInfo.InvariantCulture)]);
            }
            info = new ProcessStartInfo("dotnet");
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly + ".dll"));
            line.RemoveRange(0, 2);
        }
        else
        {
            info = new ProcessStartInfo(line[0]);
            line.RemoveAt(0);
            line.AddRange(["--port", ports.Values.Single().ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1"]);
        }

        foreach (var argument in line)
        {
            info.ArgumentList.Add(argument);
        }

        var downward = new Dictionary<string, string>
        {
            ["metadata.name"] = podName,
            ["metadata.namespace"] = container.Workload.Object.Namespace!,
            ["status.podIP"] = IPAddress.Loopback.ToString(),
        };
        foreach (var variable in container.Json.Objects("env"))
        {
            info.Environment[variable.Text("name")!] = variable.Text("value")
                ?? downward[variable.Text("valueFrom", "fieldRef", "fieldPath")!];
        }

        foreach (var (name, value) in overrides ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.WorkingDirectory = directory;
        return new PodProcess(container, podName, Command.Start(info), directory, ports);
    }

    /// <summary>The local URL of a probe's (or any) <c>httpGet</c> on this container.</summary>
    public Uri HttpUrl(JsonNode? httpGet)
    {
        var port = Container.Port(httpGet.At("port")) ?? throw new XunitException($"{Container}: no port {httpGet.At("port")?.ToJsonString()}");
        return new Uri($"http://127.0.0.1:{Ports[port]}{httpGet.Text("path")}");
    }

    /// <summary>Waits until <paramref name="probe"/> (an httpGet probe of the container) answers 2xx.</summary>
    public async Task WaitForProbeAsync(string probe, TimeSpan deadline)
    {
        var url = HttpUrl(Container.Json.At(probe, "httpGet"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        await Wait.UntilAsync(
            async () =>
            {
                if (HasExited)
                {
                    throw new XunitException($"{PodName} exited ({_process.ExitCode}) before its {probe} passed:\n{Log}");
                }

                try
                {
                    using var response = await http.GetAsync(url);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            () => $"{PodName} {probe} {url} to answer 2xx; log:\n{Log}",
            deadline);
    }

    /// <summary>Sends SIGTERM, as the kubelet does after the preStop hook, and returns how long the process took to exit.</summary>
    public async Task<(TimeSpan Elapsed, int ExitCode)> TerminateAsync(TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        await Command.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new XunitException($"{PodName} was still running {deadline.TotalSeconds:0}s after SIGTERM (the kubelet would SIGKILL it):\n{Log}");
        }

        return (clock.Elapsed, _process.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A folder per volume mount: ConfigMap data (paths inside rewritten to the folders), test Secret values, empty dirs.</summary>
    private static List<(string MountPath, string Folder)> MountFolders(RenderedOverlay overlay, Container container, string directory)
    {
        var mounts = container.VolumeMounts
            .Select(m => (MountPath: m.Text("mountPath")!.TrimEnd('/'), Folder: Path.Combine(directory, m.Text("name")!), Volume: container.Workload.Volume(m.Text("name")!)))
            .OrderByDescending(m => m.MountPath.Length)
            .ToList();
        var folders = mounts.Select(m => (m.MountPath, m.Folder)).ToList();
        var userProvided = UserProvidedSecrets.Read();
        foreach (var (_, folder, volume) in mounts)
        {
            Directory.CreateDirectory(folder);
            if (volume.Text("configMap", "name") is { } configMap)
            {
                foreach (var (key, content) in overlay.Find("ConfigMap", configMap)!.Json.Map("data"))
                {
                    File.WriteAllText(Path.Combine(folder, key), Remap(content, folders));
                }
            }
            else if (volume.Text("secret", "secretName") is { } secret && userProvided.TryGetValue(secret, out var keys))
            {
                foreach (var key in keys)
                {
                    File.WriteAllText(Path.Combine(folder, key), $"test-{key}");
                }
            }
        }

        return folders;
    }

    /// <summary>Replaces, in one pass, every mount path that starts a path in <paramref name="text"/> with its folder.</summary>
    private static string Remap(string text, List<(string MountPath, string Folder)> mounts)
    {
        var folders = mounts.ToDictionary(m => m.MountPath, m => m.Folder, StringComparer.Ordinal);
        var paths = string.Join('|', mounts.Select(m => Regex.Escape(m.MountPath)));
        return Regex.Replace(text, $@"(?<![\w./-])({paths})(?=/|\s|$)", match => folders[match.Value], RegexOptions.Multiline);
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
