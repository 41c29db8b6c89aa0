namespace LabRpc;

/// <summary>Nothing can run, no timer is pending, and the main task has not finished.</summary>
public sealed class SimulationDeadlockException : SimulationException
{
    /// <summary>Creates the error.</summary>
    public SimulationDeadlockException(string message) : base(message) { }
}
