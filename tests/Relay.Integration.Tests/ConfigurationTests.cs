using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Configuration;
using Relay.Receiver;
using Relay.Silo.Configuration;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests;

/// <summary><c>--config</c>, <c>RELAY_CONFIG</c>, <c>--validate</c> and the embedded defaults (SPEC §8).</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Start_up_knows_every_section_a_module_registers()
    {
        // Start-up checks top-level sections before any module is registered (and a split receiver registers no
        // grain modules), so it keeps a list; the modules' registrations are the truth it must agree with.
        var services = new ServiceCollection();
        services.AddRelayReceiver(new ConfigurationManager());
        Relay.Grains.RelayGrainsServiceCollectionExtensions.AddRelayGrains(services, new ConfigurationManager());
        var registered = services.Where(d => d.ServiceType == typeof(Relay.Configuration.RelayConfigSection))
            .Select(d => ((Relay.Configuration.RelayConfigSection)d.ImplementationInstance!).TopLevel)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Equal(
            registered.Order(StringComparer.OrdinalIgnoreCase),
            Relay.Receiver.Configuration.RelayConfigFile.KnownSections.Where(s => s != "Logging").Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Valid_file_passes_validation()
    {
        var path = await WriteAsync("""
            server:
              max_body_size: 2MiB
              intake_timeout: 5s
            dashboard_url: https://tekton.example.com
            dedupe_ttl: 12h
            dead_letters:
              max_letters: 20000
              retention: 30d
            filter:
              kinds: [pipelinerun, taskrun]
              namespaces:
                allow: ["ci-*"]
                deny: ["ci-secret"]
            scm:
              github:
                - name: github
                  base_url: https://api.github.com
                  auth: { token_file: /etc/relay/github-token }
                  actions:
                    - name: checks
                      type: commit_status
                      context_per_task: true
            """);

        var errors = ConfigValidationCommand.Validate(["--config", path], out _);

        Assert.Empty(errors);
    }

    [Fact]
    public async Task Invalid_file_lists_every_error_with_its_path()
    {
        var path = await WriteAsync("""
            server:
              max_body_size: 1KiB
              max_bodysize: 3
              auth: { type: hmac, secret_file: /nonexistent }
              rate_limit: { burst: 0, enabeld: true }
            logging:
              format: xml
            telemetry:
              otlp_endpoint: collector:4317
              otlp_endpont: http://collector:4317
            dedupe_ttl: forever
            dead_letters: { max_letters: 0, retention: 10s, retension: 7d }
            dashboard_url: not a url
            filter:
              kinds: [jobs]
            clusterr: { clustering: redis }
            scm:
              github:
                - name: github
                  base_url: ftp://example.com
                  auth: {}
                  actions:
                    - name: checks
                      type: check_runs
                      contex_per_task: true
                    - name: checks
                      type: commit_status
            """);

        var errors = ConfigValidationCommand.Validate(["--config", path], out _);

        string[] expected =
        [
            "server.max_body_size:", "server.max_bodysize: unknown key", "dedupe_ttl:", "dashboard_url:", "filter.kinds[0]:",
            "clusterr: unknown section", "scm.github[0].base_url:", "scm.github[0].auth.token_file: required",
            "scm.github[0].actions[0].type: unknown 'check_runs'", "scm.github[0].actions[0].contex_per_task: unknown key",
            "scm.github[0].actions[1].name: 'checks' is used",
            "server.auth.type: unknown 'hmac'", "server.rate_limit.burst: must be at least 1", "server.rate_limit.enabeld: unknown key",
            "telemetry.otlp_endpoint: 'collector:4317' is not", "telemetry.otlp_endpont: unknown key", "logging.format: unknown 'xml'",
            "dead_letters.max_letters: must be at least 1", "dead_letters.retention: must be at least 1m", "dead_letters.retension: unknown key",
        ];
        foreach (var prefix in expected)
        {
            Assert.Contains(errors, e => e.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("notifer:\n  slack:\n    webhook_url_file: /etc/relay/slack\ndedupe_ttl: 1h\n", "notifer: unknown section (known: ")]
    [InlineData("server:\n  max_bodysize: 3\n", "server.max_bodysize: unknown key")]
    [InlineData("telemetry:\n  otlp_endpont: http://collector:4317\n", "telemetry.otlp_endpont: unknown key")]
    public async Task Start_up_refuses_unknown_configuration_with_the_message_validate_gives(string yaml, string expected)
    {
        var path = await WriteAsync(yaml);
        var validateMessage = Assert.Single(ConfigValidationCommand.Validate(["--config", path], out _));

        var failure = await Assert.ThrowsAsync<InvalidDataException>(() => RelayNode.StartAsync(yaml));

        Assert.StartsWith(expected, validateMessage, StringComparison.Ordinal);
        Assert.Contains(validateMessage, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("version")]
    public async Task Version_prints_the_build_and_exits_0_without_starting(string argument)
    {
        var (code, output) = await RunSiloAsync(argument);

        Assert.Equal(0, code);
        Assert.StartsWith($"relay {Relay.Receiver.Diagnostics.RelayBuildInfo.Version} (commit ", output, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+", Relay.Receiver.Diagnostics.RelayBuildInfo.Version);
    }

    [Fact]
    public async Task Validate_warns_about_check_run_without_a_github_app_and_still_passes()
    {
        var token = await WriteAsync("""
            scm:
              github:
                - name: github
                  auth: { token_file: /etc/relay/github-token }
                  actions:
                    - { name: checks, type: commit_status }
                    - { name: run, type: check_run }
            """);
        var app = await WriteAsync("""
            scm:
              github:
                - name: github
                  auth: { app_id: 123, installation_id: 456, private_key_file: /etc/relay/app.pem }
                  actions:
                    - { name: run, type: check_run }
            """);

        var errors = ConfigValidationCommand.Validate(["--config", token], out _, out var warnings);
        ConfigValidationCommand.Validate(["--config", app], out _, out var appWarnings);
        var (code, output) = await RunSiloAsync("--validate", "--config", token);

        Assert.Empty(errors);
        Assert.StartsWith("scm.github[0].actions[1]: check_run needs a GitHub App", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.Empty(appWarnings);
        Assert.Equal(0, code);
        Assert.Contains("warning: scm.github[0].actions[1]: check_run needs a GitHub App", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_error()
    {
        var errors = ConfigValidationCommand.Validate(["--config", "/nonexistent/relay.yaml"], out _);

        Assert.Contains("does not exist", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unparseable_yaml_is_an_error()
    {
        var path = await WriteAsync("scm:\n  github: [\n   - : :");

        Assert.StartsWith("cannot read the file", Assert.Single(ConfigValidationCommand.Validate(["--config", path], out _)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_config_file_relay_starts_records_events_and_says_no_actions_are_configured()
    {
        var logs = new ListLoggerProvider();
        await using var relay = await RelayNode.StartAsync(yaml: null, b => b.Logging.AddProvider(logs));
        var run = new TektonRun("noconfig-" + Guid.NewGuid().ToString("N")[..8]);

        using var response = await relay.PostAsync(run.PipelineRunEvent("running"));
        var snapshot = await relay.Http.GetFromJsonElementAsync($"/api/v1/runs/ci/{run.Name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("running", snapshot.GetProperty("pipeline").GetProperty("state").GetString());
        Assert.Contains(logs.Messages, m => m.StartsWith("No actions are configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_flag_exits_1_with_errors_and_0_when_valid_as_a_process()
    {
        var bad = await WriteAsync("scm:\n  github:\n    - name: ''\n");
        var good = await WriteAsync("dedupe_ttl: 1h\n");

        var (badCode, badOutput) = await RunSiloAsync("--validate", "--config", bad);
        var (goodCode, goodOutput) = await RunSiloAsync("--validate", "--config", good);

        Assert.Equal(1, badCode);
        Assert.Contains("scm.github[0].name: required", badOutput, StringComparison.Ordinal);
        Assert.Equal(0, goodCode);
        Assert.Contains("valid", goodOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Relay_runs_as_a_process_with_config_and_urls_and_posts_statuses()
    {
        await using var github = await FakeGitHubServer.StartAsync();
        var token = await WriteAsync("process-token");
        var config = await WriteAsync(RelayNode.GitHubConfig(github.BaseUrl, token) + $"""

            cluster:
              silo_port: {FreePort.Next()}
              gateway_port: {FreePort.Next()}
            """);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var process = StartSilo("--config", config, "--urls", url);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            await Wait.UntilAsync(
                async () =>
                {
                    try
                    {
                        using var ready = await http.GetAsync("/readyz");
                        return ready.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                () => "the Relay process to become ready",
                TimeSpan.FromSeconds(60));

            var run = new TektonRun("proc-" + Guid.NewGuid().ToString("N")[..8]);
            foreach (var tektonEvent in run.SuccessfulLifecycle("build"))
            {
                using var request = tektonEvent.ToRequest(new Uri(url + "/"));
                using var response = await http.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await Wait.UntilAsync(() => github.StatusesFor(run.Sha).Count == 4, () => $"4 statuses, got {github.StatusesFor(run.Sha).Count}");
            Assert.All(github.StatusesFor(run.Sha), s => Assert.Equal("Token process-token", s.Authorization));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<(int Code, string Output)> RunSiloAsync(params string[] args)
    {
        using var process = StartSilo(args);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    private static Process StartSilo(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Relay.Silo.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = false, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        return Process.Start(info)!;
    }

    private static async Task<string> WriteAsync(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"relay-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, content);
        return path;
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new ListLogger(_messages);

        public void Dispose()
        {
        }

        private sealed class ListLogger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
