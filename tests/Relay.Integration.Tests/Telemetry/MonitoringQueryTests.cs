using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Relay.Testing;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace Relay.Integration.Tests.Telemetry;

/// <summary>
/// The management port (<c>server.management_port</c>), and the monitoring component's alert rules and Grafana dashboard
/// (deploy/k8s/components/monitoring, the same files the Helm chart ships): every metric they query is one that a scrape
/// of a real node's <c>/metrics</c> shows after events that succeed, fail for good and meet a rate limit.
/// </summary>
public sealed partial class MonitoringQueryTests : IAsyncLifetime
{
    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "sum", "max", "min", "avg", "count", "rate", "irate", "increase", "delta", "deriv", "histogram_quantile", "by", "without",
        "and", "or", "unless", "on", "ignoring", "bool", "absent", "le", "offset",
    };

    private readonly int _managementPort = FreePort.Next();
    private FakeGitHubServer _github = null!;
    private RelayNode _relay = null!;
    private string _tokenFile = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHubServer.StartAsync("/gh/api/");
        _tokenFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_tokenFile, "ghp_monitoring");
        _relay = await RelayNode.StartAsync(RelayNode.GitHubConfig(_github.BaseUrl, _tokenFile, extra: $"server: {{ management_port: {_managementPort} }}"));
    }

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        await _github.DisposeAsync();
        File.Delete(_tokenFile);
    }

    [Fact]
    public async Task Metrics_and_probes_answer_on_the_management_port_and_nothing_else_does()
    {
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort}") };

        using var ready = await management.GetAsync("/readyz");
        using var live = await management.GetAsync("/healthz");
        var metrics = await management.GetStringAsync("/metrics");
        using var intakeThere = await management.PostAsync("/", new StringContent("{}"));
        using var apiThere = await management.GetAsync("/api/v1/runs/ci/x");
        using var metricsOnMain = await _relay.Http.GetAsync("/metrics");
        using var readyOnMain = await _relay.Http.GetAsync("/readyz");
        using var eventOnMain = await _relay.PostAsync(new TektonRun("mgmt-" + Guid.NewGuid().ToString("N")[..8]).PipelineRunEvent("running"));

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var readiness = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        Assert.Equal(Relay.Receiver.Diagnostics.RelayBuildInfo.Version, readiness.RootElement.GetProperty("version").GetString());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Matches(BuildInfoSeries(), metrics);
        Assert.Equal(HttpStatusCode.NotFound, intakeThere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, apiThere.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, metricsOnMain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, readyOnMain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, eventOnMain.StatusCode);
    }

    [Fact]
    public async Task Alert_rules_and_dashboard_query_only_metrics_that_relay_exposes()
    {
        var queries = RuleExpressions().Concat(DashboardExpressions()).ToList();
        var wanted = queries.SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);
        Assert.True(queries.Count >= 12, $"found only {queries.Count} queries");
        Assert.Contains("relay_dead_letters_enqueued_total", wanted);

        // Traffic that makes every series exist: a delivered status, one refused for good (dead letter), one rate limited.
        var delivered = new TektonRun("mon-ok-" + Guid.NewGuid().ToString("N")[..8]);
        var refused = new TektonRun("mon-422-" + Guid.NewGuid().ToString("N")[..8]);
        var limited = new TektonRun("mon-403-" + Guid.NewGuid().ToString("N")[..8]);
        _github.FailNext(1, 422, routeContains: refused.Sha);
        _github.FailNext(1, 403, new Dictionary<string, string>
        {
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        }, "{\"message\":\"API rate limit exceeded\"}", routeContains: limited.Sha);
        foreach (var run in new[] { delivered, refused, limited })
        {
            using var response = await _relay.PostAsync(run.PipelineRunEvent("started"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_managementPort}") };
        var found = new HashSet<string>(StringComparer.Ordinal);
        await Wait.UntilAsync(
            async () =>
            {
                found = ExposedMetricNames(await management.GetStringAsync("/metrics"));
                return wanted.IsSubsetOf(found);
            },
            () => $"every metric the rules and dashboard query on /metrics; missing: {string.Join(", ", wanted.Except(found))}",
            TimeSpan.FromSeconds(60));
    }

    /// <summary>The <c>expr</c> of every rule in the component's PrometheusRule.</summary>
    private static List<string> RuleExpressions()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(RepositoryRoot.File("deploy", "k8s", "components", "monitoring", "prometheusrule.yaml")))
        {
            yaml.Load(reader);
        }

        var spec = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["spec"];
        return ((YamlSequenceNode)spec["groups"]).Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            .Select(rule => ((YamlScalarNode)rule["expr"]).Value!)
            .ToList();
    }

    /// <summary>The <c>expr</c> of every target of every panel of the Grafana dashboard.</summary>
    private static List<string> DashboardExpressions()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File("deploy", "k8s", "components", "monitoring", "relay-dashboard.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)
            .ToList();
    }

    /// <summary>Metric names in a PromQL expression: identifiers outside label matchers, grouping clauses and ranges.</summary>
    private static IEnumerable<string> MetricNames(string expression)
    {
        var bare = Grouping().Replace(Matchers().Replace(Ranges().Replace(expression, " "), " "), " ");
        return Identifier().Matches(bare).Select(m => m.Value).Where(name => !PromQlWords.Contains(name));
    }

    /// <summary>Names of the series in a Prometheus exposition (sample lines, not comments).</summary>
    private static HashSet<string> ExposedMetricNames(string exposition) =>
        exposition.Split('\n').Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split('{', ' ')[0]).ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_][a-zA-Z0-9_]*(?![\w(])")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"relay_build_info\{[^}]*version=""[^""]+""[^}]*\} 1")]
    private static partial Regex BuildInfoSeries();
}
