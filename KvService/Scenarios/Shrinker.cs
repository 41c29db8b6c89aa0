using KvService.Contract;
using KvService.Labs;

namespace KvService.Scenarios;

/// <summary>
/// Makes a failing scenario smaller while it still fails: fewer fault events, clients, operations and keys, a
/// simpler mix, shorter pauses and shorter, earlier fault windows, always with the same seed. Plain code: the check
/// command uses it directly, and the test suite's FsCheck arbitrary hands <see cref="Candidates"/> to FsCheck.
/// </summary>
public static class Shrinker
{
    /// <summary>Smaller scenarios to try instead of <paramref name="scenario"/>, the boldest first. Each is strictly
    /// smaller in some measure and no larger in any, so repeated shrinking ends.</summary>
    public static IEnumerable<Scenario> Candidates(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var faults = scenario.Faults;
        if (faults.Count > 0) yield return scenario with { Faults = [] };
        if (faults.Count >= 4)
        {
            yield return scenario with { Faults = [.. faults.Skip(faults.Count / 2)] };
            yield return scenario with { Faults = [.. faults.Take(faults.Count / 2)] };
        }
        if (faults.Count > 1)
            for (int i = 0; i < faults.Count; i++) yield return scenario with { Faults = [.. faults.Where((_, j) => j != i)] };

        foreach (int n in Fewer(scenario.Clients, 1))
            yield return scenario with { Clients = n, Faults = [.. faults.Where(f => f is not ClientIsolation c || c.Client < n)] };
        foreach (int n in Fewer(scenario.OperationsPerClient, 1)) yield return scenario with { OperationsPerClient = n };
        foreach (int n in Fewer(scenario.OperationsPerClient, 1))
        {
            // As many operations dropped from the start instead; and again with the schedule moved earlier by the
            // time the clients spent thinking before them, so that the faults still meet the same operations.
            var later = scenario with { FirstOperation = scenario.FirstOperation + scenario.OperationsPerClient - n, OperationsPerClient = n };
            yield return later;
            var shift = ThinkTime(scenario, scenario.OperationsPerClient - n);
            if (shift > TimeSpan.Zero && faults.Any(f => f.At > TimeSpan.Zero))
                yield return later with { Faults = [.. faults.Select(f => f with { At = f.At > shift ? f.At - shift : TimeSpan.Zero })] };
        }
        foreach (int n in Fewer(scenario.Keys, 1)) yield return scenario with { Keys = n };
        foreach (var mix in SimplerMixes(scenario.Mix)) yield return scenario with { Mix = mix };
        foreach (int ms in Fewer((int)scenario.MaxThinkTime.TotalMilliseconds, 0)) yield return scenario with { MaxThinkTime = TimeSpan.FromMilliseconds(ms) };

        for (int i = 0; i < faults.Count; i++)
        {
            var f = faults[i];
            long duration = (long)f.Duration.TotalMilliseconds, at = (long)f.At.TotalMilliseconds;
            if (duration >= 2) yield return Replace(scenario, i, f with { Duration = TimeSpan.FromMilliseconds(duration / 2) });
            if (at >= 1) yield return Replace(scenario, i, f with { At = TimeSpan.FromMilliseconds(at / 2) });
            if (duration >= 2) yield return Replace(scenario, i, f with { Duration = TimeSpan.FromMilliseconds(duration * 3 / 4) });
            if (at >= 1) yield return Replace(scenario, i, f with { At = TimeSpan.FromMilliseconds(at * 3 / 4) });
            // Every request duplicated is simpler than a chance of it, and keeps the copy when fewer clients draw fewer numbers.
            if (f is DuplicateRequests { Rate: < 1 } d) yield return Replace(scenario, i, d with { Rate = 1 });
            if (f is ServerCrash { WriteNumber: > 1 } c) yield return Replace(scenario, i, c with { Write = c.WriteNumber - 1 });
        }
    }

    /// <summary>
    /// Shrinks <paramref name="failing"/> greedily with <see cref="Candidates"/> (the harness's shrink loop,
    /// <see cref="LabShrinker"/>): takes the first candidate that <paramref name="fails"/>, and starts again from it, until no
    /// candidate fails or <paramref name="maxRuns"/> candidates have been tried.
    /// </summary>
    public static LabShrinkResult<Scenario> Shrink(Scenario failing, Func<Scenario, bool> fails, int maxRuns = 2000) =>
        LabShrinker.Shrink(failing, Candidates, fails, maxRuns);

    /// <summary>
    /// Shrinks the scenario of <paramref name="failure"/> by running candidates against <paramref name="implementation"/>, as
    /// the check command does (<see cref="LabShrinker.Shrink{TScenario, TVerdict}(ILab{TScenario, TVerdict}, TVerdict, int?, CancellationToken)"/>).
    /// </summary>
    public static LabShrinkResult<Scenario> Shrink(Verdict failure, IKvImplementation implementation, RunOptions options, int maxRuns = 2000,
        CancellationToken cancellation = default) =>
        LabShrinker.Shrink(new KvLab(implementation, options), failure, maxRuns, cancellation);

    /// <summary>Whether <paramref name="failure"/> is shrunk (see <see cref="LabShrinker.CanShrink"/>).</summary>
    public static bool CanShrink(Verdict failure) => LabShrinker.CanShrink(failure);

    /// <summary>The least time any client spends thinking before its first <paramref name="count"/> operations.</summary>
    private static TimeSpan ThinkTime(Scenario scenario, int count)
    {
        var least = TimeSpan.MaxValue;
        for (int c = 0; c < scenario.Clients; c++)
        {
            var sum = TimeSpan.Zero;
            for (int i = scenario.FirstOperation; i < scenario.FirstOperation + count; i++) sum += Workload.Step(scenario, c, i).Think;
            if (sum < least) least = sum;
        }
        return least == TimeSpan.MaxValue ? TimeSpan.Zero : least;
    }

    private static IEnumerable<int> Fewer(int n, int least)
    {
        var seen = new HashSet<int>();
        foreach (int m in new[] { least, least + (n - least) / 2, n - 1 })
            if (m >= least && m < n && seen.Add(m)) yield return m;
    }

    private static IEnumerable<OperationMix> SimplerMixes(OperationMix mix)
    {
        if (mix.Put > 0 && mix.Get + mix.Append > 0) yield return mix with { Put = 0 };
        if (mix.Get > 0 && mix.Put + mix.Append > 0) yield return mix with { Get = 0 };
        if (mix.Append > 0 && mix.Get + mix.Put > 0) yield return mix with { Append = 0 };
        var ones = new OperationMix(Math.Sign(mix.Get), Math.Sign(mix.Put), Math.Sign(mix.Append));
        if (ones != mix) yield return ones;
    }

    private static Scenario Replace(Scenario scenario, int index, FaultEvent fault) =>
        scenario with { Faults = [.. scenario.Faults.Select((f, j) => j == index ? fault : f)] };
}
