namespace KvService.Scenarios;

/// <summary>The scenarios <see cref="ScenarioGenerator"/> draws from: ranges of sizes and the kinds of faults allowed.</summary>
public sealed record ScenarioSpace
{
    /// <summary>1–5 clients, 1–20 operations each, 1–4 keys, 0–6 fault events of every kind.</summary>
    public static ScenarioSpace Default { get; } = new();

    /// <summary>How many clients.</summary>
    public IntRange Clients { get; init; } = new(1, 5);

    /// <summary>How many operations per client.</summary>
    public IntRange OperationsPerClient { get; init; } = new(1, 20);

    /// <summary>How many keys.</summary>
    public IntRange Keys { get; init; } = new(1, 4);

    /// <summary>How many fault events in the schedule (none if <see cref="Faults"/> is <see cref="FaultKinds.None"/>).</summary>
    public IntRange FaultEvents { get; init; } = new(0, 6);

    /// <summary>Which kinds of faults the schedule may hold.</summary>
    public FaultKinds Faults { get; init; } = FaultKinds.All;

    /// <summary>Throws <see cref="ArgumentException"/> if a range is empty or below its minimum.</summary>
    public void Validate()
    {
        if (Clients.Min < 1 || Clients.Max < Clients.Min) throw new ArgumentException($"Clients must be a range of at least 1 (got {Clients}).");
        if (OperationsPerClient.Min < 0 || OperationsPerClient.Max < OperationsPerClient.Min)
            throw new ArgumentException($"Operations per client must be a range of at least 0 (got {OperationsPerClient}).");
        if (Keys.Min < 1 || Keys.Max < Keys.Min) throw new ArgumentException($"Keys must be a range of at least 1 (got {Keys}).");
        if (FaultEvents.Min < 0 || FaultEvents.Max < FaultEvents.Min) throw new ArgumentException($"Fault events must be a range of at least 0 (got {FaultEvents}).");
        // Every scenario drawn must be within a scenario's limits: say so now, not after the sweep started.
        if (Clients.Max > Scenario.MaxClients) throw new ArgumentException($"Clients: at most {Scenario.MaxClients} per scenario (got {Clients}).");
        if (OperationsPerClient.Max > Scenario.MaxOperationsPerClient)
            throw new ArgumentException($"Operations per client: at most {Scenario.MaxOperationsPerClient:N0} (got {OperationsPerClient}).");
        if ((long)Clients.Max * OperationsPerClient.Max > Scenario.MaxOperations)
            throw new ArgumentException($"Clients × operations per client: at most {Scenario.MaxOperations:N0} operations in a scenario " +
                $"(got up to {Clients.Max} × {OperationsPerClient.Max:N0} = {(long)Clients.Max * OperationsPerClient.Max:N0}).");
        if (Keys.Max > Scenario.MaxKeys) throw new ArgumentException($"Keys: at most {Scenario.MaxKeys:N0} per scenario (got {Keys}).");
        if (FaultEvents.Max > Scenario.MaxFaultEvents) throw new ArgumentException($"Fault events: at most {Scenario.MaxFaultEvents:N0} per scenario (got {FaultEvents}).");
    }
}
