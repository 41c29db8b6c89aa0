namespace LabRpc;

/// <summary>Simulated code blocked the simulation's thread (.Result, .Wait(), Thread.Sleep, an endless loop).</summary>
public sealed class SimulationBlockedException : SimulationException
{
    /// <summary>Creates the error.</summary>
    public SimulationBlockedException(string message) : base(message) { }
}
