using BenchmarkDotNet.Attributes;

namespace LabRpc.Benchmarks.Core;

/// <summary>
/// Timer churn: 1,000 tasks each sleeping 100 random virtual delays, so about 1,000 timers are pending at
/// any moment. Reported per delay processed.
/// </summary>
[MemoryDiagnoser]
public class TimerBenchmarks
{
    private const int Tasks = 1000, DelaysPerTask = 100;

    [Benchmark(OperationsPerInvoke = Tasks * DelaysPerTask)]
    public long VirtualDelays() => Churn(static (sim, d) => sim.Delay(d));

    [Benchmark(OperationsPerInvoke = Tasks * DelaysPerTask)]
    public long TaskDelayWithTimeProvider() => Churn(static (sim, d) => Task.Delay(d, sim.Time));

    private static long Churn(Func<Simulation, TimeSpan, Task> delay)
    {
        using var sim = new Simulation(1);
        long delays = 0;
        sim.Run(async () =>
        {
            var tasks = new Task[Tasks];
            for (int t = 0; t < Tasks; t++)
            {
                tasks[t] = sim.Spawn(async () =>
                {
                    for (int i = 0; i < DelaysPerTask; i++)
                    {
                        await delay(sim, TimeSpan.FromMilliseconds(1 + sim.Random.Next(1000)));
                        delays++;
                    }
                });
            }
            await Task.WhenAll(tasks);
        });
        return delays;
    }
}
