using System.Diagnostics;
using System.Globalization;

namespace LabRpc.Benchmarks.Core;

/// <summary>
/// <c>rpc-times [--reps 9] [--calls 100000] [--relaxed] [--fifo] [--json]</c>: labrpc's benchmark
/// (<see cref="RpcBenchmarks.Run"/>) timed with a stopwatch, several repetitions in one process, one line per repetition
/// (ns per call, the thread's CPU ns per call, bytes allocated per call, gen-0 collections) and a median line. A quicker reading than BenchmarkDotNet's
/// for before/after comparisons on a noisy machine (run two builds alternately).
/// </summary>
public static class RpcTimes
{
    /// <summary>Runs <c>rpc-times</c> with the arguments after its name; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        int reps = 9;
        bool strict = true, fifo = false, json = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--relaxed": strict = false; break;
                case "--fifo": fifo = true; break;
                case "--json": json = true; break;
                default:
                    Console.Error.WriteLine($"rpc-times: unknown argument '{args[i]}'");
                    return 2;
            }
        }
        var options = new SimulationOptions
        {
            StrictEscapeDetection = strict,
            Scheduling = fifo ? SchedulingStrategy.Fifo : SchedulingStrategy.Random,
            RunOnCallingThread = true, // so that the thread's CPU time is the run's
        };
        ICodec codec = json ? JsonCodec.Instance : MessagePackCodec.Instance;
        RpcBenchmarks.Run(options, codec); // warm-up: the JIT's tiers
        RpcBenchmarks.Run(options, codec);
        var perCall = new List<double>();
        var cpuPerCall = new List<double>();
        for (int r = 0; r < reps; r++)
        {
            long bytes = GC.GetTotalAllocatedBytes(precise: true);
            int gen0 = GC.CollectionCount(0);
            long cpu = ThreadCpuNanoseconds();
            long start = Stopwatch.GetTimestamp(); // outside the simulation: a benchmark's stopwatch
            RpcBenchmarks.Run(options, codec);
            double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / RpcBenchmarks.Calls; // outside the simulation: a benchmark's stopwatch
            double cpuNs = (ThreadCpuNanoseconds() - cpu) / (double)RpcBenchmarks.Calls;
            perCall.Add(ns);
            cpuPerCall.Add(cpuNs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rep {r} ns/call {ns:0.0} cpu-ns/call {cpuNs:0.0} gen0 {GC.CollectionCount(0) - gen0} bytes/call {(GC.GetTotalAllocatedBytes(precise: true) - bytes) / (double)RpcBenchmarks.Calls:0.0}"));
        }
        perCall.Sort();
        cpuPerCall.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median ns/call {perCall[perCall.Count / 2]:0.0} cpu-ns/call {cpuPerCall[cpuPerCall.Count / 2]:0.0} (min {cpuPerCall[0]:0.0}) strict={strict} fifo={fifo} json={json}"));
        return 0;
    }

    /// <summary>The calling thread's CPU time (Linux: clock_gettime of CLOCK_THREAD_CPUTIME_ID), or 0 elsewhere.</summary>
    private static long ThreadCpuNanoseconds()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        return ClockGetTime(3, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : 0;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
