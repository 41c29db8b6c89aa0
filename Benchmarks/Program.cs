using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LabRpc.Benchmarks.Real;

// kvload: the real-network load generator (Benchmarks/Real), not a BenchmarkDotNet run.
if (args is ["kvload", .. var rest])
{
    KvService.Program.PreferInlineSocketCompletions(); // as 'serve' does: the clerks' replies are read and resumed on one thread
    return await KvLoad.RunAsync(rest);
}

// compile: the cost of building a submission with the grader's in-process compile (scripts/bench-compile.sh).
if (args is ["compile", .. var compileArgs]) return LabRpc.Benchmarks.Grading.CompileBench.Run(compileArgs);

// checker-times and hotkey-history: the checker's side of scripts/bench-checker-go.sh (Benchmarks/Linearizability).
if (args is ["checker-times", .. var timed]) return LabRpc.Benchmarks.Linearizability.CheckerTimes.Run(timed);
if (args is ["hotkey-history", .. var recorded]) return LabRpc.Benchmarks.Linearizability.CheckerTimes.Generate(recorded);

// rpc-times: labrpc's benchmark timed with a stopwatch and the thread's CPU clock (Benchmarks/Core/RpcTimes), for quick
// before/after readings on a noisy machine.
if (args is ["rpc-times", .. var rpcArgs]) return LabRpc.Benchmarks.Core.RpcTimes.Run(rpcArgs);

// Medians next to means: this machine is shared and noisy, and the median is the figure we quote.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
