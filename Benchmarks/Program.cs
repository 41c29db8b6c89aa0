using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LabRpc.Benchmarks.Real;

// kvload: the real-network load generator (Benchmarks/Real), not a BenchmarkDotNet run.
if (args is ["kvload", .. var rest]) return await KvLoad.RunAsync(rest);

// checker-times and hotkey-history: the checker's side of scripts/bench-checker-go.sh (Benchmarks/Linearizability).
if (args is ["checker-times", .. var timed]) return LabRpc.Benchmarks.Linearizability.CheckerTimes.Run(timed);
if (args is ["hotkey-history", .. var recorded]) return LabRpc.Benchmarks.Linearizability.CheckerTimes.Generate(recorded);

// Medians next to means: this machine is shared and noisy, and the median is the figure we quote.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
