using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Concurrency.Tests.Infrastructure;

/// <summary>A real logging provider (plugged into a real LoggerFactory) that keeps every entry for assertions.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public void Dispose()
    {
    }

    public static ILoggerFactory CreateFactory(out RecordingLoggerProvider provider)
    {
        provider = new RecordingLoggerProvider();
        return provider.CreateFactory();
    }

    public ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(this));

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyDictionary<string, object?> Fields);

    private sealed class RecordingLogger(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue(new LogEntry(
                category, logLevel, eventId, formatter(state, exception), exception,
                (state as IEnumerable<KeyValuePair<string, object?>>)?.ToDictionary(field => field.Key, field => field.Value) ?? []));
    }
}
