namespace LabRpc;

/// <summary>The base of the errors a simulation reports about the code it runs.</summary>
public class SimulationException : Exception
{
    /// <summary>Creates the error.</summary>
    public SimulationException(string message, Exception? inner = null) : base(message, inner) { }
}
