namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// The primary/backup lab's shrink candidates, for the harness's shrink loop (<see cref="Labs.LabShrinker"/>): always with
/// the same seed, fewer fault events, fewer clients, operations and keys, two servers instead of three, a reliable network,
/// no pauses, and shorter, earlier fault events (the lab keeps only those no closer together than generated ones:
/// <see cref="PbScenarioGenerator.KeepsEventsApart"/>).
/// </summary>
public static class PbShrinker
{
    /// <summary>Smaller scenarios than <paramref name="s"/>, the boldest first.</summary>
    public static IEnumerable<PbScenario> Candidates(PbScenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        for (int i = 0; i < s.Faults.Count; i++) yield return s with { Faults = [.. s.Faults.Where((_, j) => j != i)] };
        // Without an event, the later ones moved earlier by the time it took: the clerks, no longer held up by it, may
        // otherwise have finished their operations before the later ones strike.
        for (int i = 0; i < s.Faults.Count; i++)
        {
            var gone = s.Faults[i];
            var shift = gone.End - gone.At + (gone.Sequential ? PbScenarioGenerator.RecoveryGap : TimeSpan.Zero);
            yield return s with
            {
                Faults = [.. s.Faults.Where((_, j) => j != i).Select(f => f.At > gone.At ? f with { At = f.At > shift ? f.At - shift : TimeSpan.Zero } : f)],
            };
        }
        if (s.Clients > 1)
            yield return s with { Clients = s.Clients - 1, Faults = [.. s.Faults.Select(f => f.Client >= s.Clients - 1 ? f with { Client = 0 } : f)] };
        if (s.OperationsPerClient > 1) yield return s with { OperationsPerClient = s.OperationsPerClient / 2 };
        if (s.OperationsPerClient > 1) yield return s with { OperationsPerClient = s.OperationsPerClient - 1 };
        if (s.Keys > 1) yield return s with { Keys = s.Keys - 1 };
        if (s.Servers > 2) yield return s with { Servers = s.Servers - 1 };
        if (s.Unreliable) yield return s with { Unreliable = false };
        if (s.MaxThinkTime > TimeSpan.Zero) yield return s with { MaxThinkTime = TimeSpan.Zero };
        var minimum = TimeSpan.FromMilliseconds(50);
        for (int i = 0; i < s.Faults.Count; i++)
        {
            var f = s.Faults[i];
            // A split brain needs its lead (the view service replacing the primary): only the rest shrinks.
            var floor = f.Kind == PbFaultKind.SplitBrain ? PbScenarioGenerator.SplitBrainLead : TimeSpan.Zero;
            if ((f.Duration - floor) / 2 >= minimum) yield return Replace(s, i, f with { Duration = floor + (f.Duration - floor) / 2 });
            if (f.At > TimeSpan.Zero) yield return Replace(s, i, f with { At = f.At / 2 });
        }
    }

    private static PbScenario Replace(PbScenario s, int index, PbFault fault) => s with { Faults = [.. s.Faults.Select((f, j) => j == index ? fault : f)] };
}
