namespace LabRpc;

/// <summary>The run went past one of its budgets (<see cref="SimulationOptions.MaxSteps"/>, <see cref="SimulationOptions.MaxVirtualTime"/>,
/// <see cref="SimulationOptions.MaxManagedMemory"/>): a livelock, something that never answers, or a run too big for its limits.</summary>
public sealed class SimulationBudgetException : SimulationException
{
    /// <summary>Creates the error.</summary>
    public SimulationBudgetException(string message) : this(message, "") { }

    /// <summary>Creates the error for the budget named <paramref name="budget"/>.</summary>
    public SimulationBudgetException(string message, string budget) : base(message) => Budget = budget;

    /// <summary>The option whose budget was spent: <c>MaxSteps</c>, <c>MaxVirtualTime</c> or <c>MaxManagedMemory</c>.</summary>
    public string Budget { get; }
}
