using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// Medians next to means: this machine is shared and noisy, and the median is the figure we quote.
var config = DefaultConfig.Instance.AddColumn(StatisticColumn.Median);
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
