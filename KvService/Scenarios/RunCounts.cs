namespace KvService.Scenarios;

/// <summary>What happened in one run, in numbers.</summary>
/// <param name="Operations">Operations called (the clients' and the final reads).</param>
/// <param name="Completed">Operations that returned.</param>
/// <param name="Rpcs">Calls the network accepted (retries included).</param>
/// <param name="Drops">Requests and replies the network threw away.</param>
/// <param name="Duplicates">Requests the network delivered twice.</param>
/// <param name="Crashes">Times the server crashed.</param>
/// <param name="FaultsInjected">Fault windows opened and crashes, before the schedule ended.</param>
/// <param name="SimulatedTime">Virtual time at the end of the run.</param>
/// <param name="Steps">Scheduler steps taken.</param>
public sealed record RunCounts(
    int Operations,
    int Completed,
    int Rpcs,
    int Drops,
    int Duplicates,
    int Crashes,
    int FaultsInjected,
    TimeSpan SimulatedTime,
    long Steps)
{
    /// <summary>Nothing yet.</summary>
    public static RunCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0, TimeSpan.Zero, 0);

    /// <summary>The sums of two counts.</summary>
    public static RunCounts operator +(RunCounts a, RunCounts b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.Operations + b.Operations, a.Completed + b.Completed, a.Rpcs + b.Rpcs, a.Drops + b.Drops,
            a.Duplicates + b.Duplicates, a.Crashes + b.Crashes, a.FaultsInjected + b.FaultsInjected,
            a.SimulatedTime + b.SimulatedTime, a.Steps + b.Steps);
    }

    /// <summary>The sums of two counts (for languages without operators).</summary>
    public static RunCounts Add(RunCounts a, RunCounts b) => a + b;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{P(Operations, "operation")} ({Completed} returned), {P(Rpcs, "RPC")}, {P(Drops, "drop")}, {P(Duplicates, "duplicate")}, " +
        $"{Crashes} crash{(Crashes == 1 ? "" : "es")}, {P(FaultsInjected, "fault")} injected, {Durations.Format(SimulatedTime)} simulated";

    private static string P(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";
}
