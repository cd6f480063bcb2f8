using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Relay.Testing;
using Xunit;

namespace Relay.Integration.Tests.Telemetry;

/// <summary>Logs are JSON on the console by default, and every line logged during a request carries its trace id.</summary>
public sealed partial class LoggingTests
{
    [Fact]
    public async Task Lines_logged_while_handling_a_request_carry_its_trace_id_and_no_secret()
    {
        var logs = new ScopeCapturingProvider();
        var secretFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(secretFile, "log-secret-value");
        try
        {
            await using var relay = await RelayNode.StartAsync($"""
                server:
                  auth:
                    type: bearer
                    secret_file: {secretFile}
                """, b => b.Logging.AddProvider(logs));
            var tektonEvent = new TektonRun("logged").PipelineRunEvent("running");

            using var refused = await relay.PostAsync(tektonEvent);
            using var request = tektonEvent.ToRequest(new Uri(relay.BaseAddress, "/"));
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer log-secret-value");
            request.Content = new ByteArrayContent("{\"pipelineRun\":"u8.ToArray());
            request.Content.Headers.ContentType = new("application/json");
            using var invalid = await relay.Http.SendAsync(request);

            Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest), (refused.StatusCode, invalid.StatusCode));
            var intakeLines = logs.Entries.Where(e => e.Category.StartsWith("Relay.Receiver.Intake", StringComparison.Ordinal)).ToList();
            Assert.Contains(intakeLines, e => e.Message.StartsWith("Refused an intake request", StringComparison.Ordinal));
            Assert.Contains(intakeLines, e => e.Message.StartsWith("Refused a request that is not a valid", StringComparison.Ordinal));
            Assert.All(intakeLines, e => Assert.Matches(TraceId(), e.Scopes.GetValueOrDefault("TraceId") ?? ""));
            Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("log-secret-value", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    [Fact]
    public async Task Console_logs_are_json_with_scopes_by_default()
    {
        await using var relay = await RelayNode.StartAsync(yaml: null);

        Assert.Equal(ConsoleFormatterNames.Json, relay.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        Assert.True(relay.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TraceId();

    private sealed record Entry(string Category, string Message, IReadOnlyDictionary<string, string?> Scopes);

    /// <summary>Records each entry with the values of its scopes, as a console formatter with IncludeScopes sees them.</summary>
    private sealed class ScopeCapturingProvider : ILoggerProvider, ISupportExternalScope
    {
        private readonly ConcurrentQueue<Entry> _entries = new();
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapturingProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scopes = new Dictionary<string, string?>();
                provider._scopes.ForEachScope(
                    (scope, values) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (key, value) in pairs)
                            {
                                values[key] = value?.ToString();
                            }
                        }
                    },
                    scopes);
                provider._entries.Enqueue(new Entry(category, formatter(state, exception), scopes));
            }
        }
    }
}
