using System.Diagnostics;
using KvService.Grading;

namespace LabRpc.Benchmarks.Grading;

/// <summary>
/// The cost of building one submission: the grader's in-process compile (<see cref="SubmissionCompiler"/>: the first one
/// in a process, which loads the references and compiles Roslyn's code, then later ones). MSBuild's cost, which this
/// replaced (one build per submission), was measured with the grader's MSBuild path before it was removed: docs/performance.md's
/// grading section has both. Wall time, outside any simulation. Not a BenchmarkDotNet run:
/// the first compile happens once per process. <c>scripts/bench-compile.sh</c> runs it.
/// </summary>
internal static class CompileBench
{
    private static readonly string[] Honest = ["correct", "no-duplicate-detection", "forgets-on-crash", "allocates", "hangs", "stack-overflow"];

    /// <summary><c>compile &lt;corpus folder&gt; &lt;harness folder&gt; [rounds=5]</c>.</summary>
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: compile <corpus folder> <harness folder> [rounds=5]");
            return 2;
        }
        string corpus = Path.GetFullPath(args[0]), harness = Path.GetFullPath(args[1]);
        int rounds = args.Length > 2 ? int.Parse(args[2]) : 5;
        string work = Directory.CreateTempSubdirectory("labrpc-bench-compile").FullName;
        try
        {
            var times = new List<double>();
            var cpu = new List<double>();
            double first = 0, firstCpu = 0;
            var self = Process.GetCurrentProcess();
            for (int round = 0; round < rounds; round++)
            {
                foreach (string name in Honest)
                {
                    var submission = Submission.Of(Path.Combine(corpus, name))!;
                    self.Refresh();
                    var cpuBefore = self.TotalProcessorTime;
                    var watch = Stopwatch.StartNew(); // outside the simulation: the benchmark's wall clock
                    var build = SubmissionCompiler.Compile(submission.Folder, submission.ContentHash, $"{name}-{round}", Path.Combine(work, "roslyn"), harness);
                    double ms = watch.Elapsed.TotalMilliseconds;
                    self.Refresh();
                    double cpuMs = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                    if (!build.Built) throw new InvalidOperationException($"{name}: {string.Join("\n", build.Errors)}");
                    if (round == 0 && name == Honest[0]) (first, firstCpu) = (ms, cpuMs);
                    else
                    {
                        times.Add(ms);
                        cpu.Add(cpuMs);
                    }
                }
            }
            var cached = Stopwatch.StartNew(); // outside the simulation: the benchmark's wall clock
            var again = Submission.Of(Path.Combine(corpus, Honest[0]))!;
            SubmissionCompiler.Compile(again.Folder, again.ContentHash, $"{Honest[0]}-0", Path.Combine(work, "roslyn"), harness);
            double hit = cached.Elapsed.TotalMilliseconds;
            Console.WriteLine($"Roslyn in-process, first compile in the process (references loaded, compiler's code jitted): {first:0} ms ({firstCpu:0} ms of CPU)");
            Console.WriteLine($"Roslyn in-process, later compiles: median {Median(times):0} ms (min {times.Min():0}, max {times.Max():0}; median CPU {Median(cpu):0} ms; {times.Count} compiles of {Honest.Length} corpus submissions)");
            Console.WriteLine($"Roslyn in-process, cached (same content): {hit:0.0} ms");

            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
