using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>Wraps a logger factory so that every line starts with the virtual time and the current node.</summary>
internal sealed class SimulationLoggerFactory(ILoggerFactory inner, Simulation simulation) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new SimulationLogger(inner.CreateLogger(categoryName), simulation);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() { }
}
