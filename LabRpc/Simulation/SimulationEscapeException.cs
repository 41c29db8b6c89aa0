namespace LabRpc;

/// <summary>Simulated code left the simulation's thread (Task.Run, ConfigureAwait(false), a real timer, a thread).</summary>
public sealed class SimulationEscapeException : SimulationException
{
    /// <summary>Creates the error.</summary>
    public SimulationEscapeException(string message) : base(message) { }
}
