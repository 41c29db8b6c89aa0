using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LabRpc.Benchmarks.Real;

// kvload: the real-network load generator (Benchmarks/Real), not a BenchmarkDotNet run.
if (args is ["kvload", .. var rest]) return await KvLoad.RunAsync(rest);

// Medians next to means: this machine is shared and noisy, and the median is the figure we quote.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
