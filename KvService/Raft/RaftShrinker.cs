namespace KvService.Raft;

/// <summary>Smaller Raft scenarios to try instead of a failing one.</summary>
public static class RaftShrinker
{
    /// <summary>Without each event (the later ones moved earlier by its time), fewer commands, fewer peers, shorter events;
    /// each candidate is smaller in some measure.</summary>
    public static IEnumerable<RaftScenario> Candidates(RaftScenario s)
    {
        ArgumentNullException.ThrowIfNull(s);
        for (int i = 0; i < s.Faults.Count; i++) yield return s with { Faults = [.. s.Faults.Where((_, j) => j != i)] };
        for (int i = 0; i < s.Faults.Count; i++)
        {
            var gone = s.Faults[i];
            var shift = gone.Duration + RaftScenarioGenerator.Gap;
            yield return s with
            {
                Faults = [.. s.Faults.Where((_, j) => j != i).Select(f => f.At > gone.At ? f with { At = f.At > shift ? f.At - shift : TimeSpan.Zero } : f)],
            };
        }
        if (s.Commands > 1) yield return s with { Commands = s.Commands / 2 };
        if (s.Commands > 0) yield return s with { Commands = s.Commands - 1 };
        if (s.Peers == 5) yield return s with { Peers = 3, Faults = [.. s.Faults.Select(f => f.Peer >= 3 ? f with { Peer = 0 } : f)] };
        var minimum = TimeSpan.FromMilliseconds(100);
        for (int i = 0; i < s.Faults.Count; i++)
        {
            var f = s.Faults[i];
            if (f.Duration / 2 >= minimum) yield return s with { Faults = [.. s.Faults.Select((g, j) => j == i ? f with { Duration = f.Duration / 2 } : g)] };
        }
    }
}
