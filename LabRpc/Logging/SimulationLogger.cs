using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>A logger that prefixes each message with <c>[virtual seconds node]</c>.</summary>
internal sealed class SimulationLogger(ILogger inner, Simulation simulation) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel)) return;
        string prefix = $"[{simulation.Elapsed.TotalSeconds,10:F6}s {simulation.CurrentContext}] ";
        inner.Log(logLevel, eventId, state, exception, (s, e) => prefix + formatter(s, e));
    }
}
