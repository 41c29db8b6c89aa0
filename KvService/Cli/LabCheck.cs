using System.Diagnostics;
using KvService.Labs;
using KvService.Scenarios;
using Spectre.Console;

namespace KvService.Cli;

/// <summary>
/// <c>check</c> for any lab: runs the sweep with a progress bar, prints the summary table, and on a failure shrinks the
/// first failing scenario, runs it again with its log kept, writes its artifacts to a folder and prints the command that
/// replays it (or, when the folder cannot be written, the verdict and the scenario file). An undecided run is unknown,
/// never a pass; Ctrl-C (a cancelled token) stops the sweep and reports what it found so far.
/// </summary>
public static class LabCheck
{
    /// <summary>Runs the sweep of <paramref name="lab"/> and reports to <paramref name="console"/>; returns the exit code
    /// (<see cref="CheckCommand.Passed"/>, <see cref="CheckCommand.Violation"/>, <see cref="CheckCommand.Unknown"/>,
    /// <see cref="CheckCommand.Interrupted"/>). <paramref name="swept"/> sees the sweep's result before the report.</summary>
    public static int Run<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, LabCheckSettings settings, IAnsiConsole console,
        CancellationToken cancellation = default, Action<SweepResult<TVerdict>>? swept = null)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        var sweep = settings.Range;
        var range = sweep.First == 0 ? "" : $" (numbers {CliText.N(sweep.First)} to {CliText.N(sweep.First + sweep.Scenarios - 1)})";
        console.MarkupLine($"Checking [bold]{Markup.Escape(lab.Implementation)}[/] with {CliText.Plural(sweep.Scenarios, "fault scenario")}{range}, " +
            $"seed {sweep.Seed}{(settings.Space.Length == 0 ? "" : ": " + Markup.Escape(settings.Space))}.");

        SweepResult<TVerdict> result = null!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("Scenarios", maxValue: sweep.Scenarios);
                result = LabSweep.Run(lab, sweep, _ => task.Increment(1), cancellation);
            });
        console.Write(CliText.Summary(result));
        swept?.Invoke(result);

        // A real failure comes first; an undecided run is reported only when nothing failed.
        var failure = result.FirstFailure ?? result.FirstUnknown;
        int failureIndex = result.FirstFailure is null ? result.FirstUnknownIndex : result.FirstFailureIndex;
        if (result.Cancelled)
        {
            console.MarkupLine($"[yellow]Interrupted after {CliText.N(result.Scenarios)} of {CliText.Plural(sweep.Scenarios, "scenario")}: " +
                $"{(failure is null ? "nothing found wrong so far" : CliText.Plural(result.Failed, "scenario") + " not passed so far")}.[/]");
            var rest = sweep.First + sweep.Scenarios - result.FirstNotRun;
            console.WriteLine($"Scenarios {CliText.N(sweep.First)} to {CliText.N(result.FirstNotRun - 1)} all ran. To run the remaining {CliText.Plural(rest, "scenario")}:");
            console.WriteLine("  " + settings.Resume(result.FirstNotRun, rest));
        }
        if (failure is null)
        {
            if (result.Cancelled) return CheckCommand.Interrupted;
            console.MarkupLine(result.Scenarios == 1 ? "[green]The scenario passed.[/]" : $"[green]All {CliText.N(result.Scenarios)} scenarios passed.[/]");
            return CheckCommand.Passed;
        }
        if (!failure.Failed)
        {
            // Neither passed nor failed: the checker could not decide. Never reported as a pass.
            console.MarkupLine($"[yellow]UNKNOWN: scenario {failureIndex} ({Markup.Escape(failure.Scenario.Summary())}) could not be decided: " +
                $"{Markup.Escape(failure.UnknownReason ?? "the checker stopped before deciding")}." +
                (result.Unknown > 1 ? $" {CliText.Plural(result.Unknown, "scenario")} in all could not be decided." : "") + "[/]");
            console.WriteLine("Nothing was found wrong, but this is not a pass. Give the checker more time (--check-timeout 5m, or none for no limit).");
            return result.Cancelled ? CheckCommand.Interrupted : CheckCommand.Unknown;
        }
        if (result.StoppedBlocked)
        {
            console.MarkupLine($"[red]Stopped after {CliText.N(result.Scenarios)} of {CliText.Plural(sweep.Scenarios, "scenario")}: scenario {result.FirstFailureIndex} " +
                $"({Markup.Escape(failure.Scenario.Summary())}) blocked the simulation's thread.[/]");
        }
        else
        {
            console.MarkupLine($"[red]{CliText.N(result.Failed)} of {CliText.Plural(result.Scenarios, "scenario")} failed.[/] The first is scenario {result.FirstFailureIndex} " +
                $"({Markup.Escape(failure.Scenario.Summary())}): {Markup.Escape(failure.Headline)}.");
        }
        console.WriteLine($"Run it again: {settings.Resume(result.FirstFailureIndex, 1)}");
        // After a Ctrl-C the failure is written as it was found: a shrink could take a while.
        Report(lab, result.Cancelled ? settings with { Shrink = false } : settings, failure, console, cancellation);
        return CheckCommand.Violation;
    }

    /// <summary>Shrinks the failure, writes its artifacts and prints what happened and how to replay it. When the artifacts
    /// cannot be written, the verdict and the scenario are printed instead.</summary>
    private static void Report<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, LabCheckSettings settings, TVerdict failure, IAnsiConsole console,
        CancellationToken cancellation)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        var scenario = failure.Scenario;
        var notes = new List<string>();
        if (failure.Blocked)
        {
            // Each try of a blocking implementation can wait the stall timeout of real time: a shrink would take hours.
            var line = $"Not shrunk: the implementation blocked the simulation's thread, and every try could wait up to " +
                $"{CliText.Seconds(lab.StallTimeout)} of real time. Await instead of blocking (the message below names the node and the virtual time where the run stood).";
            console.WriteLine(line);
            notes.Add(line);
        }
        else if (settings.Shrink)
        {
            var watch = Stopwatch.StartNew(); // outside the simulation: wall time of the shrink, for the person reading
            LabShrinkResult<TScenario> shrunk = null!;
            // Ctrl-C while shrinking keeps what is shrunk so far: no further candidate counts as failing.
            console.Status().Start("Shrinking the failing scenario (Ctrl-C stops here and reports it as shrunk so far)...", _ =>
                shrunk = LabShrinker.Shrink(lab, failure, cancellation: cancellation));
            scenario = shrunk.Scenario;
            var line = $"Shrunk in {CliText.Plural(shrunk.Steps, "step")} ({CliText.Plural(shrunk.Runs, "run")}, {CliText.Seconds(watch.Elapsed)}) from {shrunk.Original.Summary()}" +
                (cancellation.IsCancellationRequested ? " (interrupted: shrunk so far)." : ".");
            console.WriteLine(line);
            notes.Add(line);
        }
        var verdict = lab.Run(scenario, LabRun.Diagnostic);
        verdict = LabDeterminism.Carry(lab, failure, verdict);
        var plain = failure.Blocked ? verdict : lab.Run(scenario, LabRun.AsGiven);
        if (plain.TraceHash != verdict.TraceHash || plain.Passed != verdict.Passed)
        {
            var warning = $"Warning: two runs of this scenario differ (trace hash {plain.TraceHashText} and {verdict.TraceHashText}): " +
                "the implementation is not deterministic (a thread, a real timer, an unseeded random number, a static left over from an earlier run?).";
            console.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
            notes.Add(warning);
        }

        var folder = Path.GetFullPath(settings.Output ?? lab.DefaultFolder(scenario));
        var replay = CliText.ReplayCommandLine(Path.Combine(folder, "scenario.json"));
        notes.Add("Replay: " + replay);
        var heading = CliText.ReplayHeading(LabDeterminism.IsNondeterministic(verdict));
        ArtifactPaths paths;
        try
        {
            paths = lab.WriteArtifacts(verdict, folder, string.Join("\n", notes), settings.Spec);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The report is what matters: print it all, with the scenario to save and replay.
            console.WriteLine();
            console.WriteLine(verdict.Describe());
            console.WriteLine();
            console.MarkupLine($"[red]The artifacts could not be written to {Markup.Escape(folder)}: {Markup.Escape(e.Message)}[/]");
            console.WriteLine("The scenario (save it as scenario.json and replay it with the command below):");
            console.WriteLine(lab.ScenarioJson(verdict, settings.Spec));
            console.WriteLine(heading);
            console.WriteLine("  " + CliText.ReplayCommandLine("scenario.json"));
            return;
        }

        console.WriteLine();
        console.WriteLine(verdict.Describe());
        console.WriteLine();
        foreach (var line in CliText.ArtifactList(paths)) console.WriteLine(line);
        console.WriteLine(heading);
        console.WriteLine("  " + replay);
    }
}
