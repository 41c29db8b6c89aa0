namespace LabRpc;

/// <summary>The run went past its virtual-time or step budget: a livelock, or something that never answers.</summary>
public sealed class SimulationBudgetException : SimulationException
{
    /// <summary>Creates the error.</summary>
    public SimulationBudgetException(string message) : base(message) { }
}
