using System.Threading.Channels;

namespace LabRpc.Tests.Runtime;

/// <summary>Channels in simulated code: <see cref="SimChannel"/>'s reader drains with <c>await foreach</c> on the simulation.</summary>
public sealed class ChannelTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [TestCase(1, 0)]
    [TestCase(3, 0)]
    [TestCase(1, 2)]
    [TestCase(3, 2)]
    public void ReadAllAsyncOfASimChannelStaysOnTheSimulationAndReplays(int consumers, int capacity)
    {
        var (first, hash1) = Drain(7, consumers, capacity);
        var (second, hash2) = Drain(7, consumers, capacity);

        Assert.That(first.OrderBy(x => x), Is.EqualTo(Enumerable.Range(0, 20)), "every item is read once");
        Assert.That((second, hash2), Is.EqualTo((first, hash1)), "the same seed, the same run");
    }

    [Test]
    public void AnUnboundedSimChannelKeepsTheOptionsItIsGivenAndStaysOnTheSimulation()
    {
        var channel = SimChannel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var sim = new Simulation(3);
        var read = sim.Run(() => ProduceAndDrain(sim, channel, consumers: 1, items: 20));
        Assert.That(read, Is.EqualTo(Enumerable.Range(0, 20)));
        Assert.That(channel.Reader.CanCount, Is.False, "a single-reader unbounded channel of the BCL's does not count; a default one would");
    }

    private static (List<int> Read, ulong Hash) Drain(ulong seed, int consumers, int capacity)
    {
        using var sim = new Simulation(seed);
        var channel = capacity == 0 ? SimChannel.CreateUnbounded<int>() : SimChannel.CreateBounded<int>(capacity);
        var read = sim.Run(() => ProduceAndDrain(sim, channel, consumers, items: 20));
        return (read, sim.TraceHash);
    }

    private static async Task<List<int>> ProduceAndDrain(Simulation sim, Channel<int> channel, int consumers, int items)
    {
        var read = new List<int>();
        var readers = Enumerable.Range(0, consumers).Select(c => sim.Spawn(async () =>
        {
            await foreach (var item in channel.Reader.ReadAllAsync())
            {
                read.Add(item);
                await sim.Delay(Ms);
            }
        }, "consumer " + c)).ToArray();
        for (int i = 0; i < items; i++)
        {
            await sim.Delay(sim.Random.Next(3) * Ms);
            await channel.Writer.WriteAsync(i);
        }
        channel.Writer.Complete();
        await Task.WhenAll(readers);
        return read;
    }
}
