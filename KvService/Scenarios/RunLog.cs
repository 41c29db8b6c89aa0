using System.Text;
using Microsoft.Extensions.Logging;

namespace KvService.Scenarios;

/// <summary>
/// Keeps a run's log in memory: a logger factory to give the simulation, whose lines carry the virtual time and the
/// node (the simulation adds them), from Debug up, so that the network's events are in it.
/// </summary>
public sealed class RunLog : ILoggerFactory
{
    private readonly StringBuilder _text = new();

    /// <summary>Lines written so far.</summary>
    public int Lines { get; private set; }

    /// <summary>The log so far, one line per event.</summary>
    public override string ToString() => _text.ToString();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <inheritdoc/>
    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("A RunLog keeps its lines itself.");

    /// <inheritdoc/>
    public void Dispose() { }

    private void Add(LogLevel level, string category, string message, Exception? exception)
    {
        lock (_text)
        {
            _text.Append(message);
            if (level >= LogLevel.Warning) _text.Append(" [").Append(level).Append(']');
            _text.Append("  (").Append(category).Append(')').Append('\n');
            if (exception is not null) _text.Append("    ").Append(exception.ToString().Replace("\n", "\n    ", StringComparison.Ordinal)).Append('\n');
            Lines++;
        }
    }

    private sealed class Logger(RunLog log, string category) : ILogger
    {
        private readonly string _category = category.StartsWith("LabRpc.", StringComparison.Ordinal) ? category["LabRpc.".Length..] : category;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) log.Add(logLevel, _category, formatter(state, exception), exception);
        }
    }
}
