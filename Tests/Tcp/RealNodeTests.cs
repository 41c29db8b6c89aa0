using Microsoft.Extensions.Logging;

namespace LabRpc.Tests.Tcp;

public sealed class RealNodeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    /// <summary>Counts handlers running at once: one that awaits in the middle must never overlap another.</summary>
    public sealed class Overlap
    {
        private int _running;

        public int MaxRunning { get; private set; }

        public int Calls { get; private set; }

        public async Task<int> Work(int x)
        {
            int now = Interlocked.Increment(ref _running);
            MaxRunning = Math.Max(MaxRunning, now);
            Interlocked.Decrement(ref _running);
            await Task.Yield();
            now = Interlocked.Increment(ref _running);
            MaxRunning = Math.Max(MaxRunning, now);
            Calls++;
            Thread.SpinWait(200);
            Interlocked.Decrement(ref _running);
            return x;
        }
    }

    [TestCase(RealNodeScheduling.ThreadPool)]
    [TestCase(RealNodeScheduling.DedicatedThread)]
    public async Task HandlersAndTasksNeverRunConcurrentlyOnARealNode(RealNodeScheduling scheduling)
    {
        var overlap = new Overlap();
        using var node = new RealNode("server", seed: 1, scheduling: scheduling);
        await using var server = new TcpServer(new Server(new Service(overlap)), node, new TcpServerOptions());
        server.Start();
        var ends = Enumerable.Range(0, 4).Select(_ => TcpClientEnd.Connect($"127.0.0.1:{server.Port}", new TcpClientOptions { Timeout = Limit })).ToArray();
        var calls = ends.SelectMany(e => Enumerable.Range(0, 100).Select(i => e.Call<int>("Overlap.Work", i).AsTask())).ToList();
        // Tasks of the node's own run alongside the handlers, under the same rule.
        for (int i = 0; i < 50; i++) calls.Add(node.Spawn(async () => await overlap.Work(i)).ContinueWith(_ => new CallResult<int>(true, 0), TaskScheduler.Default));
        var results = await Task.WhenAll(calls).WaitAsync(Limit);
        Assert.That(results.Select(r => r.Ok), Is.All.True);
        Assert.That(node.Invoke(() => overlap.Calls), Is.EqualTo(450));
        Assert.That(overlap.MaxRunning, Is.EqualTo(1));
        foreach (var end in ends) end.Dispose();
    }

    [TestCase(RealNodeScheduling.ThreadPool)]
    [TestCase(RealNodeScheduling.DedicatedThread)]
    public async Task CallersResumeOnTheirNodeOneAtATime(RealNodeScheduling scheduling)
    {
        // A reply resumes its caller on the caller's node (on a thread-pool node, on the thread that read it when the node
        // is idle): after every await the code is the node's, and two of the node's callers never run at once.
        await using var harness = new TcpHarness();
        using var clerk = new RealNode("clerk", seed: 1, scheduling: scheduling);
        var ends = new[] { harness.Client(), harness.Client() };
        int running = 0, maxRunning = 0, notOnNode = 0, wrongReplies = 0;
        async Task Caller(TcpClientEnd end, int who)
        {
            for (int i = 0; i < 100; i++)
            {
                var (ok, reply) = await end.Call<int>("TcpTestService.Twice", who * 1000 + i);
                int now = Interlocked.Increment(ref running);
                maxRunning = Math.Max(maxRunning, now);
                if (!clerk.IsCurrent || SynchronizationContext.Current != clerk.Context) Interlocked.Increment(ref notOnNode);
                if (!ok || reply != 2 * (who * 1000 + i)) Interlocked.Increment(ref wrongReplies);
                Thread.SpinWait(100);
                Interlocked.Decrement(ref running);
            }
        }
        var callers = Enumerable.Range(0, 4).Select(who => clerk.Spawn(() => Caller(ends[who % 2], who), $"caller {who}")).ToArray();
        await Task.WhenAll(callers).WaitAsync(Limit);
        Assert.That(wrongReplies, Is.Zero);
        Assert.That(notOnNode, Is.Zero, "code after an await ran off its node");
        Assert.That(maxRunning, Is.EqualTo(1), "two callers of one node ran at once");
    }

    [Test]
    public async Task ExceptionInAGoBodyIsLoggedAndTheNodeGoesOn()
    {
        var logs = new CapturedLogs();
        using var node = new RealNode("n", seed: 1, loggerFactory: logs);
        node.Go(async () =>
        {
            await node.Delay(TimeSpan.FromMilliseconds(1));
            throw new InvalidOperationException("boom");
        }, "failing");
        Assert.That(await TcpHarness.Eventually(() => logs.Lines.Any(l => l.Level == LogLevel.Error && l.Text.Contains("failing") && l.Text.Contains("boom"))), Is.True);
        var done = node.Spawn(() => Task.CompletedTask);
        await done.WaitAsync(Limit);
        Assert.That(node.Invoke(() => 41 + 1), Is.EqualTo(42));
    }

    [Test]
    public async Task AwaitInNodeCodeComesBackToTheNode()
    {
        using var node = new RealNode("n", seed: 1, scheduling: RealNodeScheduling.DedicatedThread);
        bool onNodeAfterDelay = false;
        await node.Spawn(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), node.Time);
            onNodeAfterDelay = node.IsCurrent;
        }).WaitAsync(Limit);
        Assert.That(onNodeAfterDelay, Is.True);
        Assert.That(node.IsCurrent, Is.False);
    }

    [Test]
    public void InvokeRethrowsAndSeedFixesTheRandomSource()
    {
        using var node = new RealNode("n", seed: 7);
        Assert.Throws<InvalidOperationException>(() => node.Invoke<int>(() => throw new InvalidOperationException("x")));
        Assert.That(node.Random.NextUInt64(), Is.EqualTo(new DeterministicRandom(7).NextUInt64()));
        Assert.That(node.Persister.Count, Is.EqualTo(0));
    }
}
