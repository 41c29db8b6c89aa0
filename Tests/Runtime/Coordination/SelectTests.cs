using System.Threading.Channels;
using static LabRpc.Tests.Runtime.Coordination.Seeded;

namespace LabRpc.Tests.Runtime.Coordination;

public sealed class SelectTests
{
    [Test]
    public void AmongReadyCasesEachIsPickedAboutEquallyOftenOverSeeds()
    {
        var picks = new int[3];
        for (ulong seed = 0; seed < 300; seed++)
        {
            var (chosen, _) = Run(seed, async sim =>
            {
                var channels = Enumerable.Range(0, 3).Select(_ => Channel.CreateUnbounded<int>()).ToArray();
                foreach (var channel in channels) channel.Writer.TryWrite(1);
                return await Select.On(sim)
                    .Receive(channels[0].Reader, _ => { })
                    .Receive(channels[1].Reader, _ => { })
                    .Receive(channels[2].Reader, _ => { });
            });
            picks[chosen]++;
        }
        Assert.That(picks, Has.All.InRange(70, 130), string.Join(",", picks)); // 100 each expected; 3.7 standard deviations
    }

    [Test]
    public void ASelectOnANodeAsTheStudentsRuntimeTimesOutInVirtualTimeAndReplays()
    {
        var (chosen, at) = Replayed(4, async sim =>
        {
            var node = sim.CreateNode("server");
            IRuntime runtime = node;
            var quiet = Channel.CreateUnbounded<int>();
            int picked = await node.Invoke(async () => await Select.On(runtime).Receive(quiet.Reader, _ => { }).Timeout(TimeSpan.FromMilliseconds(40)));
            return (picked, sim.Elapsed);
        });
        Assert.That((chosen, at), Is.EqualTo((1, TimeSpan.FromMilliseconds(40))));
    }

    [Test]
    public async Task ASelectOnARealNodeRunsOnTheNodeWithItsClock()
    {
        using var node = new RealNode("real", seed: 5);
        var ready = Channel.CreateUnbounded<string>();
        var quiet = Channel.CreateUnbounded<string>();
        ready.Writer.TryWrite("item");
        var (first, onNode) = await node.Invoke(async () =>
        {
            string got = "";
            int chosen = await Select.On(node).Receive(quiet.Reader, _ => { }).Receive(ready.Reader, item => got = item).Timeout(TimeSpan.FromSeconds(30));
            return ((chosen, got), node.IsCurrent);
        });
        Assert.That((first, onNode), Is.EqualTo(((1, "item"), true)));
        int timedOut = await node.Invoke(async () => await Select.On(node).Receive(quiet.Reader, _ => { }).Timeout(TimeSpan.FromMilliseconds(1)));
        Assert.That(timedOut, Is.EqualTo(1));
    }

    [Test]
    public void TheSameSeedPicksTheSameCasesAndOtherSeedsOtherOnes()
    {
        static Task<string> Picks(Simulation sim) => PickMany(sim, rounds: 20);
        var one = Replayed(1, Picks);
        var others = Enumerable.Range(2, 5).Select(s => Run((ulong)s, Picks).Result).ToHashSet();
        Assert.That(others, Has.Count.GreaterThan(1));
        Assert.That(others, Has.Some.Not.EqualTo(one));
    }

    private static async Task<string> PickMany(Simulation sim, int rounds)
    {
        var a = Channel.CreateUnbounded<int>();
        var b = Channel.CreateUnbounded<int>();
        var picked = new List<string>();
        for (int i = 0; i < rounds; i++)
        {
            a.Writer.TryWrite(i);
            b.Writer.TryWrite(i);
        }
        for (int i = 0; i < rounds; i++)
            await Select.On(sim).Receive(a.Reader, x => picked.Add($"a{x}")).Receive(b.Reader, x => picked.Add($"b{x}"));
        return string.Join(",", picked);
    }

    [Test]
    public void WithNothingReadyAndNoTimeoutItWaitsUntilACaseIsReady()
    {
        var (chosen, item, at) = Replayed(3, async sim =>
        {
            var quiet = Channel.CreateUnbounded<string>();
            var late = Channel.CreateBounded<string>(1);
            sim.Go(async () =>
            {
                await sim.Delay(42 * Ms);
                await late.Writer.WriteAsync("late");
            });
            string got = "";
            int chosen = await Select.On(sim).Receive(quiet.Reader, x => got = x).Receive(late.Reader, x => got = x);
            return (chosen, got, sim.Elapsed);
        });
        Assert.That((chosen, item, at), Is.EqualTo((1, "late", 42 * Ms)));
    }

    [Test]
    public void ASelectResumesOnItsOwnNodeWhenAnotherNodeSends()
    {
        string where = Replayed(4, async sim =>
        {
            var server = sim.CreateNode("server");
            var requests = Channel.CreateUnbounded<int>();
            string where = "";
            var waiting = server.Spawn(async () =>
            {
                await Select.On(sim).Receive(requests.Reader, _ => where = sim.CurrentNode.Name);
                where += " then " + sim.CurrentNode.Name;
            });
            await sim.Delay(Ms);
            requests.Writer.TryWrite(1); // from main
            await waiting;
            return where;
        });
        Assert.That(where, Is.EqualTo("server then server"));
    }

    [Test]
    public void TheTimeoutFiresAtExactlyItsVirtualTime()
    {
        var (chosen, at) = Replayed(2, async sim =>
        {
            await sim.Delay(TimeSpan.FromTicks(12_345));
            var never = Channel.CreateUnbounded<int>();
            bool timedOut = false;
            int chosen = await Select.On(sim).Receive(never.Reader, _ => { }).Timeout(TimeSpan.FromMilliseconds(250), () => timedOut = true);
            Assert.That(timedOut, Is.True);
            return (chosen, sim.Elapsed);
        });
        Assert.That((chosen, at), Is.EqualTo((1, TimeSpan.FromTicks(12_345) + TimeSpan.FromMilliseconds(250))));
    }

    [Test]
    public void ACaseReadyBeforeTheTimeoutWins()
    {
        var (chosen, at) = Replayed(2, async sim =>
        {
            var channel = Channel.CreateUnbounded<int>();
            sim.Go(async () =>
            {
                await sim.Delay(10 * Ms);
                channel.Writer.TryWrite(1);
            });
            int chosen = await Select.On(sim).Receive(channel.Reader, _ => { }).Timeout(TimeSpan.FromSeconds(1), () => Assert.Fail("timed out"));
            return (chosen, sim.Elapsed);
        });
        Assert.That((chosen, at), Is.EqualTo((0, 10 * Ms)));
    }

    [Test]
    public void TheDefaultCaseRunsWhenNothingIsReadyWithoutWaiting()
    {
        var (first, second, at) = Replayed(1, async sim =>
        {
            var channel = Channel.CreateUnbounded<int>();
            int first = await Select.On(sim).Receive(channel.Reader, _ => { }).Default();
            channel.Writer.TryWrite(7);
            int second = await Select.On(sim).Receive(channel.Reader, _ => { }).Default();
            return (first, second, sim.Elapsed);
        });
        Assert.That((first, second, at), Is.EqualTo((1, 0, TimeSpan.Zero)));
    }

    [Test]
    public void ASendCaseWaitsForRoomAndSendsOnlyIfChosen()
    {
        var (chosen, inFull, inOther, at) = Replayed(5, async sim =>
        {
            var full = Channel.CreateBounded<int>(1);
            full.Writer.TryWrite(0);
            var other = Channel.CreateUnbounded<int>();
            sim.Go(async () =>
            {
                await sim.Delay(3 * Ms);
                full.Reader.TryRead(out _); // makes room
            });
            var never = Channel.CreateUnbounded<int>();
            int chosen = await Select.On(sim).Receive(never.Reader, _ => { }).Send(full.Writer, 1);
            int sentToOther = await Select.On(sim).Send(other.Writer, 2).Receive(never.Reader, _ => { });
            return (chosen, full.Reader.Count, other.Reader.Count + sentToOther, sim.Elapsed);
        });
        Assert.That((chosen, inFull, inOther, at), Is.EqualTo((1, 1, 1, 3 * Ms)));
    }

    [Test]
    public void AReceiveFromACompletedChannelIsReadyWithOnClosedAndNeverWithout()
    {
        var (withHandler, withoutHandler) = Replayed(1, async sim =>
        {
            var closed = Channel.CreateUnbounded<int>();
            closed.Writer.Complete();
            bool saw = false;
            int withHandler = await Select.On(sim).Receive(closed.Reader, _ => { }, onClosed: () => saw = true);
            Assert.That(saw, Is.True);
            int withoutHandler = await Select.On(sim).Receive(closed.Reader, _ => { }).Timeout(5 * Ms);
            return (withHandler, withoutHandler);
        });
        Assert.That((withHandler, withoutHandler), Is.EqualTo((0, 1)), "without onClosed the timeout fires: the case is disabled");
    }

    [Test]
    public void ASendToACompletedChannelThrows()
    {
        using var sim = new Simulation(1);
        Assert.Throws<ChannelClosedException>(() => sim.Run(async () =>
        {
            var closed = Channel.CreateUnbounded<int>();
            closed.Writer.Complete();
            await Select.On(sim).Send(closed.Writer, 1);
        }));
    }

    [Test]
    public void BodiesThatAwaitFinishBeforeTheSelectReturns()
    {
        var at = Replayed(1, async sim =>
        {
            var channel = Channel.CreateUnbounded<int>();
            channel.Writer.TryWrite(1);
            await Select.On(sim).Receive(channel.Reader, async _ => await sim.Delay(5 * Ms));
            return sim.Elapsed;
        });
        Assert.That(at, Is.EqualTo(5 * Ms));
    }

    [Test]
    public void ASelectInALoopLeavesNoWaitersBehind()
    {
        // Each round takes the busy channel's item; the wait it started on the quiet channel is cancelled when it returns.
        // Left behind, a thousand waits would all wake (a step each) when the quiet channel finally gets an item.
        long wakeSteps = Replayed(1, async sim =>
        {
            var quiet = Channel.CreateUnbounded<int>();
            var busy = Channel.CreateUnbounded<int>();
            for (int i = 0; i < 1000; i++)
            {
                sim.Go(async () =>
                {
                    await Task.Yield();
                    busy.Writer.TryWrite(1);
                });
                await Select.On(sim).Receive(quiet.Reader, _ => Assert.Fail("nothing was sent")).Receive(busy.Reader, _ => { });
            }
            await sim.Delay(Ms);
            long before = sim.Steps;
            quiet.Writer.TryWrite(-1);
            await sim.Delay(Ms);
            return sim.Steps - before;
        });
        Assert.That(wakeSteps, Is.LessThan(10));
    }

    [Test]
    public void EveryoneWaitingInASelectIsReportedAsADeadlock()
    {
        var error = Deadlocks(async sim =>
        {
            var ping = Channel.CreateUnbounded<int>();
            var pong = Channel.CreateUnbounded<int>();
            var other = sim.Spawn(async () => await Select.On(sim).Receive(ping.Reader, x => pong.Writer.TryWrite(x)), "ponger");
            await Select.On(sim).Receive(pong.Reader, _ => { }); // nobody pings first
            await other;
        });
        Assert.That(error.Message, Does.StartWith("Deadlock").And.Contain("task 'ponger'"));
    }

    [Test]
    public void ASelectWithoutCasesOrWithTwoTimeoutsIsRefused()
    {
        using var sim = new Simulation(1);
        Assert.That(() => Select.On(sim).Timeout(Seeded.Ms).Default(), Throws.InvalidOperationException);
        Assert.Throws<InvalidOperationException>(() => sim.Run(async () => await Select.On(sim)));
    }
}
