using System.CommandLine;
using KvService.Grading;
using Spectre.Console;

namespace KvService.Cli;

/// <summary>
/// <c>grade &lt;submissions&gt;</c>: grades every submission in a folder with a rubric (<see cref="Grader"/>), each in its own
/// worker process, and writes each student's result, feedback and JUnit file and the class's CSV and JSON. With
/// <c>--verify</c> it grades again and lists every difference from earlier results; with <c>--gradescope</c> it grades one
/// submission and writes Gradescope's results.json; <c>grade merge</c> joins the results of shards. Exit codes: 0 graded
/// (or verified the same); 1 verify found differences; 2 bad options, rubric or folders.
/// </summary>
public static class GradeCommand
{
    private const string Help = """
        Grade every submission in a folder: each subfolder is one student (a project to build, or a built dll). Each is built
        offline, then judged by the rubric's tests in a worker process of its own, with time and memory limits (and inside
        bubblewrap where it is installed). Results go to --out: <student>/result.json, feedback.md, junit.xml, and the class's
        grades.csv and grades.json.

        A student runs exactly what the grader runs, with the public seeds:
          grade path/to/my-submission

        Examples:
          grade submissions/ --rubric course-rubric.json --out grades/
          grade submissions/ --out grades/ --verify               grade again; list every difference from grades/
          grade submissions/ --out grades-0/ --shard 0/4           one part of the class (then: grade merge)
          grade merge grades-0/ grades-1/ grades-2/ grades-3/ --out grades/
          grade /autograder/submission --gradescope --out /autograder/results
        """;

    /// <summary>The <c>grade</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var submissions = new Argument<string>("submissions") { Description = "The submissions folder (a subfolder per student), or one submission's folder." };
        var rubric = OptionParsers.PathOption("--rubric", "-r", $"The rubric file. Default: the harness's {Rubric.DefaultFileName}.", "file");
        var output = OptionParsers.PathOption("--out", "-o", "Where results go. Default: grades/ in the current folder.", "folder");
        var shard = new Option<string?>("--shard") { Description = "Grade one part of the class, i/N (e.g. 0/4): the submissions whose index in name order is i modulo N.", HelpName = "i/N" };
        var resume = new Option<bool>("--resume") { Description = "Skip submissions whose earlier result in --out has the same content, rubric and harness." };
        var verify = new Option<bool>("--verify") { Description = "Grade again into a fresh folder and list every difference from the results in --out." };
        var gradescope = new Option<bool>("--gradescope") { Description = "Grade one submission and write Gradescope's results.json into --out." };
        var noSandbox = new Option<bool>("--no-sandbox") { Description = "Run workers without bubblewrap (the grader refuses to grade without it otherwise); the results say \"sandbox: none\"." };
        var parallel = OptionParsers.OptionalInt("--parallel", "-p", "Submissions graded at once. Default: one per processor.", "n", 1, 256, 2);
        var lab = new Option<string>("--lab")
        {
            Description = "The lab the submissions are for, when no --rubric is given: kv (its default rubric, default-rubric.json), pb (pb-rubric.json) or raft (raft-rubric.json). [default: kv]",
            HelpName = "kv|pb|raft",
            DefaultValueFactory = _ => "kv",
        };
        lab.AcceptOnlyFromAmong([.. GradedLabs.All.Select(l => l.Name)]);
        var command = new Command("grade", Help) { submissions, rubric, output, shard, resume, verify, gradescope, noSandbox, parallel, lab };
        command.SetAction(parse =>
        {
            var console = CliText.ConsoleFor(parse.InvocationConfiguration.Output);
            try
            {
                var loaded = parse.GetValue(rubric) is { } file ? Rubric.Load(file) : Rubric.Default(parse.GetValue(lab) ?? "kv");
                var (i, n) = ParseShard(parse.GetValue(shard));
                string outFolder = Path.GetFullPath(parse.GetValue(output) ?? (parse.GetValue(gradescope) ? "." : "grades"));
                var options = new GradeOptions
                {
                    Submissions = parse.GetRequiredValue(submissions),
                    Output = outFolder,
                    Shard = i,
                    Shards = n,
                    Resume = parse.GetValue(resume),
                    UseBubblewrap = !parse.GetValue(noSandbox),
                    Parallelism = parse.GetValue(parallel) ?? Environment.ProcessorCount,
                };
                if (parse.GetValue(verify)) return Verify(loaded, options, console);
                if (parse.GetValue(gradescope)) return Gradescope(loaded, options, console);
                Grade(loaded, options, console);
                return 0;
            }
            catch (Exception e) when (e is RubricException or GradeException or DirectoryNotFoundException or ArgumentException)
            {
                console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                return 2;
            }
        });
        command.Subcommands.Add(MergeCommand());
        return command;
    }

    /// <summary>The hidden <c>grade-worker</c> command: a worker process of the grader (<see cref="GradeWorker"/>).</summary>
    public static Command WorkerCommand()
    {
        var command = new Command("grade-worker", "A worker process of the grader: reads its work order on standard input. Not for direct use.") { Hidden = true };
        command.SetAction(_ => GradeWorker.Run());
        return command;
    }

    /// <summary>Grades the class (or shard), showing a progress bar per submission and then the class table.</summary>
    public static IReadOnlyList<SubmissionResult> Grade(Rubric rubric, GradeOptions options, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        var grader = new Grader(rubric, options);
        console.MarkupLine($"Rubric [bold]{Markup.Escape(rubric.Name)}[/] ({rubric.Tests().Count} tests, {GradeReports.Number(rubric.MaxPoints)} points, sha256 {rubric.Hash[..12]}); harness {Markup.Escape(Grader.HarnessVersion)}.");
        console.MarkupLine($"Sandbox: {Markup.Escape(grader.Sandbox.Description)}.");
        foreach (var limit in grader.Sandbox.Limits(rubric.Limits))
            console.MarkupLine($"  {(limit.Holds ? "[green]holds[/]" : "[red]DOES NOT HOLD[/]")} {Markup.Escape(limit.Name)}: {Markup.Escape(limit.Value)} ({Markup.Escape(limit.How)})");
        IReadOnlyList<SubmissionResult> results = [];
        if (!console.Profile.Capabilities.Interactive)
        {
            // A log, not a terminal: a line per graded submission instead of progress bars redrawn.
            results = grader.Run(finished: result => console.WriteLine($"{result.Student}: {GradeReports.Summary(result)}"));
        }
        else
        {
            console.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn()).Start(context =>
            {
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var gate = new object();
                ProgressTask Bar(string student)
                {
                    lock (gate) return bars.TryGetValue(student, out var bar) ? bar : bars[student] = context.AddTask(Markup.Escape(student));
                }
                results = grader.Run(
                    (student, done, total) => { var bar = Bar(student); bar.MaxValue = total; bar.Value = done; },
                    result => { var bar = Bar(result.Student); bar.Value = bar.MaxValue; bar.Description = Markup.Escape($"{result.Student}: {GradeReports.Number(result.Score)}"); });
            });
        }
        console.Write(Table(results));
        console.MarkupLine($"Results: {Markup.Escape(options.Output)} ({GradeReports.ClassCsv}, {GradeReports.ClassJson}, and per student result.json, feedback.md, junit.xml).");
        return results;
    }

    private static int Gradescope(Rubric rubric, GradeOptions options, IAnsiConsole console)
    {
        var grader = new Grader(rubric, options with { Output = Path.Combine(options.Output, "labrpc") });
        if (grader.Submissions().Count != 1)
            throw new ArgumentException($"--gradescope grades one submission; '{options.Submissions}' holds {grader.Submissions().Count}.");
        var result = grader.Run().Single();
        File.WriteAllText(Path.Combine(options.Output, "results.json"), GradeReports.Gradescope(result));
        console.WriteLine(GradeReports.Summary(result));
        return 0;
    }

    private static int Verify(Rubric rubric, GradeOptions options, IAnsiConsole console)
    {
        var earlier = GradeReports.ReadClass(options.Output);
        if (earlier.Count == 0) throw new ArgumentException($"--verify: '{options.Output}' holds no results to verify.");
        string again = Path.Combine(options.Output, ".verify");
        if (Directory.Exists(again)) Directory.Delete(again, recursive: true);
        var now = new Grader(rubric, options with { Output = again, Resume = false, BuildFolder = Path.Combine(options.Output, Grader.WorkFolder, "build") }).Run();
        var differences = GradeVerification.Compare(earlier, now);
        if (differences.Count == 0)
        {
            console.MarkupLine($"[green]Verified: {now.Count} submission(s) graded again with the same scores, outcomes and trace hashes.[/]");
            return 0;
        }
        console.MarkupLine($"[red]{differences.Count} difference(s):[/]");
        foreach (var d in differences) console.WriteLine("  " + d);
        return 1;
    }

    private static Command MergeCommand()
    {
        var folders = new Argument<string[]>("results") { Description = "The --out folders of the shards.", Arity = ArgumentArity.OneOrMore };
        var output = OptionParsers.PathOption("--out", "-o", "Where the merged results go. Default: grades/.", "folder");
        var command = new Command("merge", "Join the results of grade --shard runs into one class: the students' folders and the class's CSV and JSON.") { folders, output };
        command.SetAction(parse =>
        {
            var console = CliText.ConsoleFor(parse.InvocationConfiguration.Output);
            try
            {
                var merged = GradeMerge.Merge(parse.GetRequiredValue(folders), Path.GetFullPath(parse.GetValue(output) ?? "grades"));
                console.Write(Table(merged));
                return 0;
            }
            catch (Exception e) when (e is ArgumentException or IOException)
            {
                console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Reads <c>i/N</c>; (0, 1) when absent.</summary>
    internal static (int Index, int Count) ParseShard(string? text)
    {
        if (text is null) return (0, 1);
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int i) && int.TryParse(parts[1], out int n) && n >= 1 && i >= 0 && i < n) return (i, n);
        throw new ArgumentException($"--shard: '{text}' is not a part of the class. Give i/N with 0 <= i < N, e.g. 0/4.");
    }

    private static Table Table(IReadOnlyList<SubmissionResult> results)
    {
        var table = new Table().AddColumns("student", "score", "status");
        var groups = results.SelectMany(r => r.Groups.Select(g => g.Name)).Distinct().ToList();
        foreach (var g in groups) table.AddColumn(Markup.Escape(g));
        foreach (var r in results)
        {
            var cells = new List<string> { Markup.Escape(r.Student), $"{GradeReports.Number(r.Score)} / {GradeReports.Number(r.MaxScore)}",
                Markup.Escape(r.Status + (r.Nondeterministic ? ", nondeterministic" : "") + (r.Incomplete ? ", incomplete" : "")) };
            cells.AddRange(groups.Select(g => r.Groups.FirstOrDefault(x => x.Name == g) is { } x ? $"{GradeReports.Number(x.Points)}/{GradeReports.Number(x.MaxPoints)}" : ""));
            table.AddRow([.. cells]);
        }
        return table;
    }
}
