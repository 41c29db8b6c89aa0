using BenchmarkDotNet.Attributes;

namespace LabRpc.Benchmarks.Core;

/// <summary>The timer queue alone: with 1,000 timers pending, pop the earliest and push a new one.</summary>
public class TimerQueueBenchmarks
{
    private static readonly SimCallback Nothing = static (_, _) => { };
    private readonly TimerQueue _queue = new();
    private readonly DeterministicRandom _random = new(1);
    private NodeContext _context = null!;
    private long _now;

    [GlobalSetup]
    public void Setup()
    {
        var sim = new Simulation(1);
        _context = sim.MainNode.Context;
        for (int i = 0; i < 1000; i++) _queue.Add(_random.Next(10_000_000), new WorkItem(_context, Nothing, null, 0));
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public void PopAndPush()
    {
        for (int i = 0; i < 1000; i++)
        {
            _now = _queue.NextDue;
            _queue.Pop();
            _queue.Add(_now + 1 + _random.Next(10_000_000), new WorkItem(_context, Nothing, null, 0));
        }
    }
}
