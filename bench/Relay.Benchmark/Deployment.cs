using Relay.Testing;

namespace Relay.Benchmark;

/// <summary>What one benchmark mode runs: the baseline server, an all-in-one node, or silos on Redis.</summary>
internal sealed class Deployment : IAsyncDisposable
{
    private readonly List<NodeProcess> _nodes = [];
    private RedisServer? _redis;
    private string? _directory;

    public IReadOnlyList<NodeProcess> Nodes => _nodes;

    public IReadOnlyList<Uri> Targets => _nodes.Select(n => n.Url).ToArray();

    public static async Task<Deployment> StartAsync(string mode, string githubBaseUrl, string extraYaml = "", IReadOnlyList<string>? environment = null)
    {
        var deployment = new Deployment();
        if (mode == "baseline")
        {
            deployment._nodes.Add(NodeProcess.Start("Relay.Benchmark.dll", FreePort.Next(), "--serve-baseline"));
            await deployment._nodes[0].WaitReadyAsync();
            return deployment;
        }

        deployment._directory = Directory.CreateTempSubdirectory("relay-bench-").FullName;
        var token = Path.Combine(deployment._directory, "token");
        await File.WriteAllTextAsync(token, "bench-token");
        var cluster = "";
        var silos = 1;
        if (mode is "redis1" or "redis3")
        {
            deployment._redis = await RedisServer.StartAsync();
            silos = mode == "redis3" ? 3 : 1;
            cluster = $$"""
                cluster:
                  clustering: redis
                  storage: redis
                  redis: { connection_string: "{{deployment._redis.ConnectionString}}" }
                """;
        }

        var config = Path.Combine(deployment._directory, "relay.yaml");
        var provider = mode == "intake" ? "" : $"""
            scm:
              github:
                - name: github
                  base_url: {githubBaseUrl}
                  auth: {"{"} token_file: {token} {"}"}
                  budget: {"{"} enabled: false {"}"}
                  actions:
                    - name: checks
                      type: commit_status
                      context_per_task: true
            """;
        await File.WriteAllTextAsync(config, $"""
            {cluster}
            {extraYaml}
            dashboard_url: https://tekton.example.com
            {provider}
            """);
        for (var i = 0; i < silos; i++)
        {
            deployment._nodes.Add(NodeProcess.Start("Relay.Silo.dll", FreePort.Next(), environment ?? [],
                "--config", config, "--Logging:LogLevel:Default", "Warning",
                "--cluster:silo_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--cluster:gateway_port", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        foreach (var node in deployment._nodes)
        {
            await node.WaitReadyAsync();
        }

        return deployment;
    }

    public TimeSpan CpuTime => _nodes.Aggregate(TimeSpan.Zero, (sum, n) => sum + n.CpuTime);

    public double PeakRssMiB => _nodes.Sum(n => n.PeakRssMiB);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
