using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LabRpc.Benchmarks.Real;

// kvload: the real-network load generator (Benchmarks/Real), not a BenchmarkDotNet run.
if (args is ["kvload", .. var rest]) return await KvLoad.RunAsync(rest);

// compile: the cost of building a submission, the grader's in-process compile against MSBuild's (scripts/bench-compile.sh).
if (args is ["compile", .. var compileArgs]) return LabRpc.Benchmarks.Grading.CompileBench.Run(compileArgs);

// Medians next to means: this machine is shared and noisy, and the median is the figure we quote.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
