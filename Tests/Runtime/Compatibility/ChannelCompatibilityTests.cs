using System.Threading.Channels;
using static LabRpc.Tests.Runtime.Compatibility.Compat;

namespace LabRpc.Tests.Runtime.Compatibility;

/// <summary>The rows of docs/simulator/concurrency.md for <c>System.Threading.Channels</c> in simulated code, member by member.</summary>
public sealed class ChannelCompatibilityTests
{
    [Test]
    public void ChannelWriteAsyncWorks()
    {
        // Three writers on a channel with room for one: each WriteAsync waits for a reader to make room.
        string read = Works(async sim =>
        {
            var channel = Channel.CreateBounded<int>(1);
            var writers = Enumerable.Range(0, 3).Select(w => sim.Spawn(async () =>
            {
                for (int i = 0; i < 3; i++) await channel.Writer.WriteAsync(w * 10 + i);
            })).ToArray();
            var items = new List<int>();
            for (int i = 0; i < 9; i++)
            {
                await sim.Delay(Ms);
                items.Add(await channel.Reader.ReadAsync());
            }
            await Task.WhenAll(writers);
            return string.Join(",", items);
        });
        Assert.That(read.Split(',').Select(int.Parse).Order(), Is.EqualTo(new[] { 0, 1, 2, 10, 11, 12, 20, 21, 22 }));
    }

    [Test]
    public void ChannelTryWriteWorks()
    {
        var (written, refused) = Works(sim =>
        {
            var channel = Channel.CreateBounded<int>(2);
            int ok = Enumerable.Range(0, 3).Count(channel.Writer.TryWrite);
            return Task.FromResult((ok, channel.Reader.Count));
        });
        Assert.That((written, refused), Is.EqualTo((2, 2)), "a full channel refuses the third item");
    }

    [Test]
    public void ChannelReadAsyncWorks()
    {
        string read = Works(async sim =>
        {
            var channel = Channel.CreateUnbounded<string>();
            var got = new List<string>();
            var readers = Enumerable.Range(0, 3).Select(r => sim.Spawn(async () => got.Add($"{r}:{await channel.Reader.ReadAsync()}"))).ToArray();
            await sim.Delay(Ms);
            foreach (string item in new[] { "a", "b", "c" }) await channel.Writer.WriteAsync(item);
            await Task.WhenAll(readers);
            return string.Join(",", got);
        });
        Assert.That(read.Split(',').Select(x => x[2..]).Order(), Is.EqualTo(new[] { "a", "b", "c" }), "each item read once");
    }

    [Test]
    public void ChannelTryReadWorks()
    {
        var items = Works(sim =>
        {
            var channel = Channel.CreateUnbounded<int>();
            channel.Writer.TryWrite(1);
            channel.Writer.TryWrite(2);
            var read = new List<int>();
            while (channel.Reader.TryRead(out int item)) read.Add(item);
            return Task.FromResult(string.Join(",", read));
        });
        Assert.That(items, Is.EqualTo("1,2"));
    }

    [Test]
    public void ChannelWaitToReadAsyncWorks()
    {
        var (items, at) = Works(async sim =>
        {
            var channel = Channel.CreateUnbounded<int>();
            sim.Go(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    await sim.Delay(10 * Ms);
                    channel.Writer.TryWrite(i);
                }
                channel.Writer.Complete();
            });
            var read = new List<int>();
            while (await channel.Reader.WaitToReadAsync())
            {
                while (channel.Reader.TryRead(out int item)) read.Add(item);
            }
            return (string.Join(",", read), sim.Elapsed);
        });
        Assert.That((items, at), Is.EqualTo(("0,1,2", 30 * Ms)));
    }

    [Test]
    public void ChannelWaitToWriteAsyncWorks()
    {
        var at = Works(async sim =>
        {
            var channel = Channel.CreateBounded<int>(1);
            channel.Writer.TryWrite(0);
            sim.Go(async () =>
            {
                await sim.Delay(5 * Ms);
                channel.Reader.TryRead(out _);
            });
            bool room = await channel.Writer.WaitToWriteAsync();
            return (room, sim.Elapsed);
        });
        Assert.That(at, Is.EqualTo((true, 5 * Ms)), "the writer waits until the reader makes room, in virtual time");
    }

    [Test]
    public void ChannelCompletionWorks()
    {
        var at = Works(async sim =>
        {
            var channel = Channel.CreateUnbounded<int>();
            channel.Writer.TryWrite(1);
            sim.Go(async () =>
            {
                await sim.Delay(3 * Ms);
                channel.Writer.Complete();
                await sim.Delay(4 * Ms);
                channel.Reader.TryRead(out _);
            });
            await channel.Reader.Completion; // completes once completed and drained
            return sim.Elapsed;
        });
        Assert.That(at, Is.EqualTo(7 * Ms));
    }

    [Test]
    public void RuntimeChannelReadAllAsyncEscapes()
    {
        var channel = Channel.CreateUnbounded<int>();
        IAsyncEnumerator<int>? items = null;
        var error = Fails<SimulationEscapeException>(async sim =>
        {
            sim.Go(async () =>
            {
                await sim.Delay(Ms);
                channel.Writer.TryWrite(1); // the waiting reader resumes on the thread pool
            });
            items = channel.Reader.ReadAllAsync().GetAsyncEnumerator();
            while (await items.MoveNextAsync()) await sim.Delay(Ms);
        });
        Assert.That(error.Message, Does.Contain("ReadAllAsync").And.Contain("SimChannel.CreateUnbounded"));
        // The escaped iterator waits at its yield: end it here, outside the simulation, so that nothing of it is left.
        channel.Writer.Complete();
        var drained = Task.Run(async () =>
        {
            while (await items!.MoveNextAsync()) { }
            await items.DisposeAsync();
        });
        WaitFor(drained);
    }

    [Test]
    public void SimChannelReadAllAsyncWorks()
    {
        string read = Works(async sim =>
        {
            var channel = SimChannel.CreateUnbounded<int>();
            sim.Go(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    await sim.Delay(Ms);
                    channel.Writer.TryWrite(i);
                }
                channel.Writer.Complete();
            });
            var items = new List<string>();
            await foreach (int item in channel.Reader.ReadAllAsync()) items.Add($"{item}@{sim.Elapsed.TotalMilliseconds}");
            return string.Join(",", items);
        });
        Assert.That(read, Is.EqualTo("0@1,1@2,2@3"));
    }
}
