using System.Globalization;
using KvService.Exploration;
using KvService.Labs;
using LabRpc.Exploration;

namespace KvService.Cli;

/// <summary>
/// <c>explore</c> for any lab: walks every schedule of the lab's small exploration scenario within the bounds
/// (<see cref="LabExplorer"/>), says how many it judged and whether the search was complete, and on a violation prints the
/// verdict and the schedule's choices that are not the default and writes the lab's artifacts.
/// </summary>
public static class LabExplore
{
    /// <summary>Explores <paramref name="scenario"/> of <paramref name="lab"/> and reports to <paramref name="console"/>; returns
    /// the exit code (<see cref="ExploreCommand.Passed"/>, <see cref="ExploreCommand.Violation"/>, <see cref="ExploreCommand.Unknown"/>,
    /// <see cref="ExploreCommand.Incomplete"/>, <see cref="ExploreCommand.Interrupted"/>).</summary>
    public static int Run<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, TScenario scenario, ExplorationBounds bounds, string spec, string? output,
        TextWriter console, CancellationToken cancel = default)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(console);
        console.WriteLine($"Exploring {lab.Implementation} ({lab.Title}): every schedule of {scenario.Summary()}.");
        console.WriteLine($"  bounds: {bounds.Describe()}; reduction: {bounds.Reduction.ToString().ToLowerInvariant()}{(bounds.Deepening ? ", cheapest first" : "")}.");
        var result = LabExplorer.Explore(lab, scenario, bounds, new ExplorationConfig().RepeatEvery, cancel);
        var search = result.Search;
        double seconds = search.Elapsed.TotalSeconds;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Schedules: {search.Schedules:N0} judged ({search.Runs:N0} runs with the deepening) in {seconds:0.00} s: {(seconds > 0 ? search.Runs / seconds : 0):N0} runs/s."));
        string schedules = $"{search.Schedules:N0} schedule{(search.Schedules == 1 ? "" : "s")}";
        if (result.Failure is not { } verdict)
        {
            console.WriteLine(!search.Complete
                ? $"INCOMPLETE: no violation in {schedules}, but the search stopped short: {search.Incomplete}. Nothing is known of the schedules not run."
                : result.Unknown > 0 ? $"UNKNOWN: no violation in {schedules}, but the checker could not decide {result.Unknown} of them."
                : $"COMPLETE: no violation in any schedule with {bounds.Describe()} ({schedules}).");
            if (cancel.IsCancellationRequested) return ExploreCommand.Interrupted;
            return !search.Complete ? ExploreCommand.Incomplete : result.Unknown > 0 ? ExploreCommand.Unknown : ExploreCommand.Passed;
        }
        var trace = search.CounterexampleTrace ?? [];
        var deviations = trace.Select((p, i) => (p, i)).Where(x => x.p.Picked != 0).Select(x => $"branching point {x.i}: {ExplorationFile.Describe(x.p)}").ToList();
        console.WriteLine($"VIOLATION after {schedules} ({verdict.Headline}); the counterexample has {deviations.Count} non-default choice(s) in {trace.Count} branching points");
        console.WriteLine();
        console.WriteLine(verdict.Describe());
        console.WriteLine("The schedule's choices that are not the default:");
        foreach (var line in deviations) console.WriteLine("  " + line);
        var folder = Path.GetFullPath(output ?? Path.Combine("failures", $"explore-{lab.Name}-{Scenarios.Artifacts.SafeName(lab.Implementation)}-{scenario.Seed}"));
        var notes = "An exploration's schedule: the faults and the order of nodes are its choices (scenario.json runs the same scenario with the " +
            "seed's choices instead). The choices that are not the default:\n  " + string.Join("\n  ", deviations) +
            $"\nAll the choices, in order: {string.Join(",", search.Counterexample ?? [])}";
        try
        {
            var paths = lab.WriteArtifacts(verdict, folder, notes, spec);
            foreach (var line in CliText.ArtifactList(paths)) console.WriteLine(line);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.WriteLine($"The artifacts could not be written to {folder}: {e.Message}");
        }
        return ExploreCommand.Violation;
    }
}
