using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Relay.Integration.Tests.Actions;

/// <summary>Keeps every formatted log message of a node, at every level, to check what never appears in logs.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(_messages, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> messages, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{category} {formatter(state, exception)} {exception}");
    }
}
